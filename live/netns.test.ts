/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The run's own network namespaces: servers reach each other and the harness reaches them on the
 * run's bridge; a cut is one-way and nests; the links between servers go through proxies of ours,
 * so each direction can be delayed, held and made lossy; nothing is left when the network is
 * destroyed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { netnsProblem, nftProblem, ServerNetwork } from './netns.js';
import { REQUIREMENTS } from './binaries.js';
import { Links } from './proxy.js';
import { ask, waitFor } from './servers/probe.js';

const problem = netnsProblem();
if (problem !== null && process.env.CI === 'true') throw new Error(`live/netns.test.ts needs network namespaces in CI: ${problem}`);
if (problem !== null) console.warn(`skipping live/netns.test.ts: ${problem}`);

const PORT = 4717;
const children: ChildProcess[] = [];
let net: ServerNetwork | null = null;
let links: Links | null = null;
const folders: string[] = [];
afterEach(() => {
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  folders.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  links?.closeAll();
  links = null;
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

const noNft = problem ?? nftProblem();
if (noNft !== null && problem === null && process.env.CI === 'true') throw new Error(`live/netns.test.ts needs nftables in CI: ${noNft}`);

/**
 * A server in `to`'s namespace that answers every line with its own name and who it saw dialing,
 * and a client in `from`'s namespace that dials `to`'s own address and sends a line whenever the
 * test asks (over stdin), printing each answer with its round-trip time.
 */
async function echoPair(network: ServerNetwork, from: string, to: string): Promise<{ ask(): Promise<{ rttMs: number; answer: string }>; answers: string[] }> {
  const server = `require('net').createServer((s)=>{s.on('data',(d)=>s.write('${to} saw '+s.remoteAddress+'\\n'))}).listen(${PORT},'${network.addressOf(to)}',()=>console.log('up'))`;
  const echo = spawn('ip', ['netns', 'exec', network.namespaceOf(to), process.execPath, '-e', server], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(echo);
  await new Promise<void>((resolve) => echo.stdout!.once('data', () => resolve()));
  const client = `const s=require('net').connect(${PORT},'${network.addressOf(to)}');let t=0;s.on('data',(d)=>console.log(JSON.stringify({rttMs:Date.now()-t,answer:String(d).trim()})));process.stdin.on('data',()=>{t=Date.now();s.write('ping\\n')})`;
  const dialer = spawn('ip', ['netns', 'exec', network.namespaceOf(from), process.execPath, '-e', client], { stdio: ['pipe', 'pipe', 'ignore'] });
  children.push(dialer);
  const answers: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffered = '';
  dialer.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      answers.push(line);
      waiting.shift()?.(line);
    }
  });
  return {
    answers,
    ask: () =>
      new Promise((resolve) => {
        waiting.push((line) => resolve(JSON.parse(line) as { rttMs: number; answer: string }));
        dialer.stdin!.write('x\n');
      }),
  };
}

describe.skipIf(noNft !== null)('the proxies between servers', () => {
  it('carry a server\'s connection to its peer\'s own address and delay, hold and cut each direction of it', { timeout: 30_000 }, async () => {
    net = ServerNetwork.create(['n1', 'n2'], { tell: () => undefined });
    links = new Links();
    const proxyPort = await links.peerProxy('n2', PORT, ['n1', 'n2'], net);
    net.redirectPeers(new Map([['n2', { peer: 'n2', port: PORT, proxyPort }]]));
    const pair = await echoPair(net, 'n1', 'n2');

    // n1 dialed n2's own address; n2 saw the dial come from n1's shadow, through our proxy.
    const plain = await pair.ask();
    expect(plain.answer).toBe(`n2 saw ${net.shadowOf('n1')}`);
    expect(links.has('n1', 'n2') && links.has('n2', 'n1')).toBe(true);

    // A delay on one direction: the answer's way back (n2 -> n1) takes 600 ms longer, and no
    // longer once it ends (a round trip is a few ms, more on a loaded machine).
    const slow = links.direction('n2', 'n1').delay(600);
    const delayed = await pair.ask();
    expect(delayed.rttMs).toBeGreaterThanOrEqual(600);
    slow();
    expect((await pair.ask()).rttMs).toBeLessThan(600);

    // A hold on the other direction: nothing arrives until it ends, then the bytes flow, in order.
    const release = links.direction('n1', 'n2').hold();
    const held = pair.ask();
    await sleep(300);
    expect(pair.answers).toHaveLength(3);
    release();
    // The dialer starts its clock when it reads the request, a little after the hold began.
    expect((await held).rttMs).toBeGreaterThanOrEqual(200);

    // Loss: every chunk is held up one retransmission timeout.
    const lossy = links.direction('n1', 'n2').lose(1);
    expect((await pair.ask()).rttMs).toBeGreaterThanOrEqual(200);
    lossy();

    // A cut blackholes the peer and its shadow: the proxied connection goes silent until it heals.
    const undo = net.cut('n1', 'n2');
    const cut = pair.ask();
    await sleep(250);
    expect(pair.answers).toHaveLength(5);
    undo();
    expect((await cut).answer).toBe(`n2 saw ${net.shadowOf('n1')}`);
  });
});

const redis = REQUIREMENTS.redis.find();
if (redis === null && noNft === null) console.warn('skipping the replication check of live/netns.test.ts: redis-server is not installed (apt-get install -y redis-server)');

// A real replication link on a machine running the rest of the suite beside it: the unclogged
// lag is sometimes above the clog, so one bad attempt is not a verdict (as for the live stories).
describe.skipIf(noNft !== null || redis === null)('a real replication link between servers', () => {
  it('is delayed by a clog of its primary -> replica direction', { timeout: 30_000, retry: 2 }, async () => {
    net = ServerNetwork.create(['n1', 'n2'], { tell: () => undefined });
    links = new Links();
    const proxyPort = await links.peerProxy('n1', PORT, ['n1', 'n2'], net);
    net.redirectPeers(new Map([['n1', { peer: 'n1', port: PORT, proxyPort }]]));
    const [n1, n2] = [net.addressOf('n1'), net.addressOf('n2')];
    // A replica's full sync writes the primary's snapshot into its folder: a temporary one.
    const data = mkdtempSync(join(tmpdir(), 'lockstep-netns-redis-'));
    folders.push(data);
    const start = (name: string, extra: string[]) => {
      const args = ['netns', 'exec', net!.namespaceOf(name), redis!, '--port', String(PORT), '--bind', net!.addressOf(name), '--dir', data, '--dbfilename', `${name}.rdb`, '--save', '', '--appendonly', 'no', '--protected-mode', 'no', ...extra];
      children.push(spawn('ip', args, { stdio: 'ignore' }));
    };
    // A diskless full sync waits 5 s by default for more replicas to join; there is only one.
    start('n1', ['--repl-diskless-sync-delay', '0']);
    start('n2', ['--replicaof', n1, String(PORT), '--replica-announce-ip', n2]);
    await waitFor('the replica', 8000, async () => /master_link_status:up/.test(await ask(PORT, 'INFO replication\r\n', n2)));
    /** Writes on the primary and returns how long the replica took to see it. */
    const lagMs = async (value: string): Promise<number> => {
      const t = Date.now();
      await ask(PORT, `SET k ${value}\r\n`, n1);
      await waitFor('the replicated write', 5000, async () => (await ask(PORT, 'GET k\r\n', n2)).includes(value));
      return Date.now() - t;
    };
    // The clog is a lower bound on the lag; without it the lag is well under it, even on a loaded
    // machine (polling adds up to 150 ms).
    const CLOG_MS = 1500;
    expect(await lagMs('before')).toBeLessThan(CLOG_MS);
    const clog = links.direction('n1', 'n2').delay(CLOG_MS);
    expect(await lagMs('clogged')).toBeGreaterThanOrEqual(CLOG_MS);
    clog();
    expect(await lagMs('after')).toBeLessThan(CLOG_MS);
    // The primary saw its replica dial from the replica's shadow, yet lists the address it announced.
    expect(await ask(PORT, 'INFO replication\r\n', n1)).toContain(`ip=${n2}`);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
