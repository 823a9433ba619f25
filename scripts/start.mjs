// `npm start`: builds the extension and opens it in a real VS Code with examples/demo-service.
//   default        VS Code's web client on 127.0.0.1 (the URL is printed); Ctrl-C stops everything
//   -- --desktop   a desktop `code` on PATH instead
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './vscode-offline/install.mjs';
import { startServer, workbenchUrl, cleanupAll } from './vscode-offline/harness.mjs';

const demo = resolve(repoRoot, 'examples/demo-service');
const desktop = process.argv.includes('--desktop');

if (desktop) {
  const which = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.error('npm start -- --desktop needs the `code` command on PATH (VS Code: "Shell Command: Install \'code\' command in PATH").');
    process.exit(1);
  }
  const child = spawn('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  // A profile that persists between runs (git-ignored), so progress and settings survive a restart.
  const profile = join(repoRoot, '.vscode-test', 'start-profile');
  mkdirSync(profile, { recursive: true });
  const server = await startServer({ settings: { 'security.workspace.trust.enabled': false }, dataDir: profile, dialogs: true });
  const url = workbenchUrl(server, { folder: demo, extensionPath: repoRoot });
  console.log(`\nBackend Roadmap Coach is running in VS Code ${server.version}.`);
  console.log(`Open this URL in a browser on this machine:\n\n  ${url}\n`);
  console.log('Press Ctrl-C to stop (the server and everything it started are stopped).');
  await new Promise(() => {});
  await cleanupAll();
}
