import axios from 'axios';

export interface ChargeResult {
  chargeId: string;
  status: 'succeeded' | 'declined';
}

const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'https://payments.example.com';

/** Charges a customer through the payments provider. */
export async function chargeCustomer(customerId: string, amountCents: number, idempotencyKey: string): Promise<ChargeResult> {
  // No timeout: if the provider stalls, this request (and the HTTP request waiting on it) hangs forever.
  const response = await axios.post<ChargeResult>(
    `${PAYMENTS_URL}/v1/charges`,
    { customerId, amountCents },
    { headers: { 'Idempotency-Key': idempotencyKey } },
  );
  return response.data;
}

/** Asks the fraud service for a risk score; this one already has a deadline. */
export async function riskScore(customerId: string): Promise<number> {
  const res = await fetch(`${PAYMENTS_URL}/v1/risk/${customerId}`, { signal: AbortSignal.timeout(2_000) });
  const body = (await res.json()) as { score: number };
  return body.score;
}
