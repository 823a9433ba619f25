// @ts-check
// Import priceCart from HERE in your tests, not from ./price-cart.js.
//
// Normally this re-exports the correct implementation in ./price-cart.js.
// The mutation harness (test/mutants.test.js) runs your tests again with the
// PRICE_IMPL environment variable set to one of the seeded buggy copies in
// mutants/, to find out whether your tests notice the bug. Don't edit this file.

import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const chosen = process.env.PRICE_IMPL;
const href = chosen
  ? pathToFileURL(resolve(root, chosen)).href
  : new URL('./price-cart.js', import.meta.url).href;

/** @type {typeof import('./price-cart.js')} */
const implementation = await import(href);

export const priceCart = implementation.priceCart;
