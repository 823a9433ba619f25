import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Ending every process a check started. A process group is not enough: a test can spawn
 * `{ detached: true }` children, which start their own group (and session) and survive a group kill.
 *
 * How: every check gets a unique id, passed to the test process as the environment variable
 * ROADMAP_COACH_CHECK_ID. Child processes inherit their parent's environment, detached or not, so at the
 * time limit and when the check ends we look for every process carrying that id (and every descendant of
 * one), and kill it — repeated until none is left, so a process forking meanwhile is caught too.
 *
 * - Linux: /proc/<pid>/environ (readable for our own processes), /proc/<pid>/stat for parents, and the
 *   listening sockets of those processes from /proc/<pid>/fd and /proc/net/tcp{,6}, so a port left
 *   listening can be reported.
 * - macOS: `ps -E` prints the environment of our own processes; the same sweep works, without ports.
 * - Windows: there is no way to read another process's environment without native code; `taskkill /T`
 *   ends the tree by parent ids, which misses a child whose parent already exited. Documented in the README.
 *
 * Known limit: a process that clears its own environment AND leaves the tree (double fork) escapes the
 * sweep. A cgroup would close that gap, but needs a writable, delegated cgroup v2 subtree, which an
 * editor or CLI process normally does not have (systemd hands one out only through D-Bus).
 */
export const CHECK_ID_ENV = 'ROADMAP_COACH_CHECK_ID';

export function newCheckId(): string {
  return randomUUID();
}

export interface SweepResult {
  /** Processes that carried the id (or descended from one) and were killed. */
  killed: number[];
  /** Those of them outside the process groups of `alsoPids`: started detached, or by a detached one. */
  detached: number[];
  /** TCP ports those processes were listening on when they were found. */
  ports: number[];
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

function listProcLinux(): ProcInfo[] {
  const out: ProcInfo[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may contain spaces and parentheses, so parse after the last ')'.
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(after[1]), pgid: Number(after[2]), zombie: after[0] === 'Z' || after[0] === 'X' });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

function carriesLinux(pid: number, tag: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(tag);
  } catch {
    return false; // another user's process, or gone
  }
}

function taggedMac(tag: string): ProcInfo[] {
  const r = spawnSync('ps', ['-axwwE', '-o', 'pid=,ppid=,pgid=,stat=,command='], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) return [];
  const out: ProcInfo[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s(.*)$/.exec(line);
    if (m && m[5]!.split(' ').includes(tag)) out.push({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), zombie: m[4]!.startsWith('Z') });
  }
  return out;
}

/** Listening TCP ports (IPv4 and IPv6) held by `pids`, from /proc. */
function listeningPortsLinux(pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  const ports = new Set<number>();
  if (!inodes.size) return [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; st 0A = LISTEN
      if (cols.length > 9 && cols[3] === '0A' && inodes.has(cols[9]!)) ports.add(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already, or not ours
  }
}

/**
 * Kills every process carrying `checkId` in its environment, and every live descendant of one, until none
 * is left (at most a few rounds). `alsoPids` are killed with their process groups too (the test
 * process itself), after the first scan has stopped everything it found. Returns what was killed and the ports they listened on.
 */
export function sweepCheckProcesses(checkId: string, alsoPids: number[] = []): SweepResult {
  const tag = `${CHECK_ID_ENV}=${checkId}`;
  const killed = new Set<number>();
  const detached = new Set<number>();
  const ports = new Set<number>();
  const killGroups = () => {
    for (const pid of alsoPids) {
      try {
        if (process.platform === 'win32') spawnSync('taskkill', ['/pid', String(pid), '/T', '/F']);
        else process.kill(-pid, 'SIGKILL');
      } catch {
        // group already empty
      }
    }
  };
  if (process.platform === 'win32') {
    killGroups();
    return { killed: [], detached: [], ports: [] };
  }
  for (let round = 0; round < 20; round++) {
    let found: ProcInfo[];
    if (process.platform === 'linux') {
      const all = listProcLinux().filter((p) => p.pid !== process.pid);
      const live = all.filter((p) => !p.zombie);
      const hit = new Set(live.filter((p) => carriesLinux(p.pid, tag)).map((p) => p.pid));
      // Descendants of a tagged process, even one that changed its environment.
      for (let grew = true; grew; ) {
        grew = false;
        for (const p of live) if (!hit.has(p.pid) && hit.has(p.ppid)) { hit.add(p.pid); grew = true; }
      }
      found = live.filter((p) => hit.has(p.pid));
      for (const port of listeningPortsLinux(found.map((p) => p.pid))) ports.add(port);
    } else {
      found = taggedMac(tag).filter((p) => !p.zombie && p.pid !== process.pid);
    }
    if (!found.length) {
      if (round === 0) killGroups();
      break;
    }
    // Stop them all first, so none can start a new process while its siblings are being killed.
    for (const { pid } of found) {
      try {
        process.kill(pid, 'SIGSTOP');
      } catch {
        // gone
      }
    }
    // The groups go only now: killing a parent first would hand its children to init, and a child that
    // dropped the id from its environment would then no longer be found through its parent.
    if (round === 0) killGroups();
    for (const p of found) {
      kill(p.pid);
      killed.add(p.pid);
      if (!alsoPids.includes(p.pgid)) detached.add(p.pid);
    }
  }
  return { killed: [...killed], detached: [...detached], ports: [...ports].sort((a, b) => a - b) };
}
