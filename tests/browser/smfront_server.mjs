// Runs the real smfront binary on ports the OS picks, in a temporary data
// directory with a fresh development certificate, and stops it by its pid.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const startDeadlineMs = 15000;
const stopDeadlineMs = 8000;

export function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set; run this test through ctest (tests/browser/CMakeLists.txt)`);
  }
  return value;
}

// extra: top-level configuration keys added to the base one (feeds, agents...).
export async function startSmfront({ binary, sourceDir, extra = {} }) {
  const dir = mkdtempSync(join(tmpdir(), 'smfront-browser-'));
  execFileSync(join(sourceDir, 'certs', 'make-dev-certs.sh'), [join(dir, 'certs')], { stdio: 'ignore' });
  const config = {
    listeners: { bind: '127.0.0.1', http: 0, https: 0, bosh: 0, boshs: 0, mr: 0 },
    tls: { cert: join(dir, 'certs', 'server.crt'), key: join(dir, 'certs', 'server.key') },
    server: { web_root: join(sourceDir, 'web'), data_dir: dir },
    log: { level: 'info', access: 'stderr' },
    ...extra,
  };
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  const child = spawn(binary, ['--config', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  // The last part of stderr, printed when a test fails.
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-20000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const server = {
    dir,
    pid: child.pid,
    stderrTail: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid, 'SIGTERM');
      let timer;
      const late = new Promise((resolve) => { timer = setTimeout(resolve, stopDeadlineMs, 'late'); });
      if (await Promise.race([exited, late]) === 'late') {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      clearTimeout(timer);
    },
  };

  // Settling an already settled promise is a no-op, so a later exit or timer
  // cannot turn into an unhandled rejection.
  const lines = createInterface({ input: child.stdout });
  let timer;
  try {
    server.ports = await new Promise((resolve, reject) => {
      lines.on('line', (line) => {
        try {
          const event = JSON.parse(line);
          if (event.event === 'listening') resolve(event);
        } catch { /* not an event line */ }
      });
      exited.then(({ code, signal }) =>
        reject(new Error(`smfront exited (${signal ?? code}) before listening:\n${stderr}`)));
      timer = setTimeout(() =>
        reject(new Error(`smfront printed no listening line within ${startDeadlineMs} ms:\n${stderr}`)),
      startDeadlineMs);
    });
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return server;
}
