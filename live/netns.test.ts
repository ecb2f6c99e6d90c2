/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The run's own network namespaces: servers reach each other and the harness reaches them on the
 * run's bridge; a cut is one-way and nests; nothing is left when the network is destroyed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { netnsProblem, ServerNetwork } from './netns.js';

const problem = netnsProblem();
if (problem !== null && process.env.CI === 'true') throw new Error(`live/netns.test.ts needs network namespaces in CI: ${problem}`);
if (problem !== null) console.warn(`skipping live/netns.test.ts: ${problem}`);

const PORT = 4717;
const children: ChildProcess[] = [];
let net: ServerNetwork | null = null;
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  net?.destroy();
  net = null;
});

/** Connects to host:PORT, from inside a namespace when one is named; true when the peer answered. */
function reaches(host: string, from?: string): boolean {
  const script = `const s=require('net').connect(${PORT},'${host}',()=>{s.end();process.exit(0)});s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(2),600)`;
  const cmd = from ? ['ip', ['netns', 'exec', from, process.execPath, '-e', script]] as const : [process.execPath, ['-e', script]] as const;
  return spawnSync(cmd[0], [...cmd[1]], { stdio: 'ignore' }).status === 0;
}

async function listenIn(network: ServerNetwork, name: string): Promise<void> {
  const script = `require('net').createServer((s)=>s.end()).listen(${PORT},'${network.addressOf(name)}',()=>console.log('up'))`;
  const child = spawn('ip', ['netns', 'exec', network.namespaceOf(name), process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
}

describe.skipIf(problem !== null)('the run’s server network', () => {
  it('servers reach each other and the harness reaches them; a one-way cut stops one direction until undone', async () => {
    const told: string[] = [];
    net = ServerNetwork.create(['n1', 'n2', 'n3'], { tell: (l) => told.push(l) });
    expect(told.filter((l) => l.startsWith('netns '))).toHaveLength(3);
    expect(told.some((l) => l.startsWith('link '))).toBe(true);
    await listenIn(net, 'n2');
    await listenIn(net, 'n1');
    const n2 = net.addressOf('n2');
    expect(reaches(n2)).toBe(true);
    expect(reaches(n2, net.namespaceOf('n1'))).toBe(true);

    const undo = net.cut('n1', 'n2');
    const nested = net.cut('n1', 'n2');
    expect(reaches(n2, net.namespaceOf('n1'))).toBe(false);
    expect(reaches(n2, net.namespaceOf('n3'))).toBe(true);
    expect(reaches(n2)).toBe(true);
    undo();
    expect(reaches(n2, net.namespaceOf('n1')), 'the inner cut still holds').toBe(false);
    nested();
    expect(reaches(n2, net.namespaceOf('n1'))).toBe(true);

    net.cut('n2', 'n1');
    net.healAll();
    expect(reaches(net.addressOf('n1'), net.namespaceOf('n2'))).toBe(true);
  });

  it('destroying the network leaves no namespace and no bridge of the run', () => {
    net = ServerNetwork.create(['n1', 'n2'], { tell: () => undefined });
    const [ns, bridge] = [net.namespaceOf('n1'), net.bridge];
    net.destroy();
    net = null;
    expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toContain(ns);
    expect(spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' }).stdout).not.toMatch(new RegExp(`: ${bridge}[:@]`));
  });
});
