// Prosody on loopback as the reference BOSH server (spec bosh-xmpp §12.2): a
// generated configuration in a temporary directory, MUC and pubsub components,
// users registered with prosodyctl, foreground process stopped by its pid.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const startDeadlineMs = 15000;
const stopDeadlineMs = 8000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export async function startProsody({ users }) {
  const dir = mkdtempSync(join(tmpdir(), 'smfront-prosody-'));
  const [c2sPort, httpPort] = [await freePort(), await freePort()];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', join(dir, 'localhost.key'), '-out',
    join(dir, 'localhost.crt')], { stdio: 'ignore' });
  const runAsRoot = process.getuid && process.getuid() === 0;
  const config = join(dir, 'prosody.cfg.lua');
  writeFileSync(config, `
pidfile = "${dir}/prosody.pid"; data_path = "${dir}"
${runAsRoot ? 'run_as_root = true' : ''}
daemonize = false
admins = { "boss@localhost" }  -- Prosody lets only admins create pubsub nodes
log = { { levels = { min = "info" }, to = "console" } }
interfaces = { "127.0.0.1" }; c2s_ports = { ${c2sPort} }; s2s_ports = { }
http_ports = { ${httpPort} }; http_interfaces = { "127.0.0.1" }; https_ports = { }
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "ping"; "bosh"; "posix" }
modules_disabled = { "s2s" }
authentication = "internal_plain"; allow_unencrypted_plain_auth = true
c2s_require_encryption = false; consider_bosh_secure = true
VirtualHost "localhost"
  ssl = { key = "${dir}/localhost.key"; certificate = "${dir}/localhost.crt" }
Component "conference.localhost" "muc"
  muc_room_locking = false
Component "pubsub.localhost" "pubsub"
  autocreate_on_publish = true
`);
  for (const user of users) {
    execFileSync('prosodyctl', ['--config', config, 'register', user, 'localhost', 'secret'], { stdio: 'ignore' });
  }
  const child = spawn('prosody', ['-F', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => { output = (output + chunk).slice(-20000); };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  exited.then(() => { gone = true; });

  const prosody = {
    url: `http://127.0.0.1:${httpPort}/http-bind`,
    domain: 'localhost',
    output: () => output,
    async stop() {
      if (gone) return;
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
  // Ready when the HTTP port takes connections.
  const deadline = Date.now() + startDeadlineMs;
  while (!(await accepts(httpPort))) {
    if (gone || Date.now() > deadline) {
      await prosody.stop();
      throw new Error(`prosody did not open port ${httpPort}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return prosody;
}
