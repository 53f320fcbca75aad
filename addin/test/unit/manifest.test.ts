// Offline structural checks of manifest.xml: Microsoft's validator is an online service, so what it
// would reject for order, references and URLs is checked here, against the files the build makes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAddin, repoRoot, type BuiltAddin } from './support/build';
import { allElements, at, parseXml, type XmlElement } from './support/xml';

/** What `npm run start:https` serves; the committed manifest points there for sideloading. */
const MANIFEST_ORIGIN = 'https://localhost:8787';
const MANIFEST_PATH = path.join(repoRoot, 'manifest.xml');

/** Children of <OfficeApp xsi:type="TaskPaneApp"> in the order the 1.1 schema's sequence requires. */
const OFFICE_APP_ORDER = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
  'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
  'AllowSnapshot', 'VersionOverrides',
];
const OFFICE_APP_REQUIRED = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'DefaultSettings', 'Permissions'];
const VERSION_OVERRIDES_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'VersionOverrides'];
const HOST_ORDER = ['Runtimes', 'AllFormFactors', 'DesktopFormFactor'];
const DESKTOP_ORDER = ['GetStarted', 'FunctionFile', 'ExtensionPoint'];
const RESOURCES_ORDER = ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'];

const XSI_TYPE = 'xsi:type';

function readManifest(file = MANIFEST_PATH): XmlElement {
  return parseXml(readFileSync(file, 'utf8'));
}

function expectOrder(parent: XmlElement, order: string[]): void {
  const names = parent.children.map((c) => c.name);
  const unknown = names.filter((n) => !order.includes(n));
  expect(unknown, `unexpected children of <${parent.name}>`).toEqual([]);
  const positions = names.map((n) => order.indexOf(n));
  const sorted = [...positions].sort((a, b) => a - b);
  expect(names, `children of <${parent.name}> (line ${parent.line}) out of schema order`).toEqual(sorted.map((i) => order[i]));
  expect(new Set(names).size, `a child of <${parent.name}> appears twice`).toBe(names.length);
}

/** Resource ids by kind: bt:Images, bt:Urls, bt:ShortStrings, bt:LongStrings. */
function resources(manifest: XmlElement): Map<string, Map<string, string>> {
  const kinds = new Map<string, Map<string, string>>();
  for (const group of at(manifest, 'VersionOverrides', 'Resources').children) {
    const entries = new Map<string, string>();
    for (const entry of group.children) {
      const id = entry.attributes.id ?? '';
      expect(entries.has(id), `${group.name} defines ${id} twice`).toBe(false);
      entries.set(id, entry.attributes.DefaultValue ?? '');
    }
    kinds.set(group.name, entries);
  }
  return kinds;
}

/** The kind of resource a resid must name, from the element that carries it. */
function expectedKind(element: XmlElement, parent: XmlElement | undefined): string {
  if (element.name === 'bt:Image') return 'bt:Images';
  if (['SourceLocation', 'FunctionFile', 'Runtime', 'LearnMoreUrl'].includes(element.name)) return 'bt:Urls';
  if (element.name === 'Description' && parent && ['Supertip', 'GetStarted'].includes(parent.name)) return 'bt:LongStrings';
  return 'bt:ShortStrings';
}

function residReferences(manifest: XmlElement): { element: XmlElement; parent?: XmlElement; resid: string }[] {
  const found: { element: XmlElement; parent?: XmlElement; resid: string }[] = [];
  const walk = (element: XmlElement, parent?: XmlElement) => {
    if (element.attributes.resid !== undefined) found.push({ element, parent, resid: element.attributes.resid });
    for (const c of element.children) walk(c, element);
  };
  walk(manifest);
  return found;
}

/** Every URL the manifest gives: DefaultValue attributes holding URLs, and AppDomains. */
function manifestUrls(manifest: XmlElement): { where: string; url: string }[] {
  const urls: { where: string; url: string }[] = [];
  for (const element of allElements(manifest)) {
    const value = element.attributes.DefaultValue;
    if (value !== undefined && /^[a-z]+:\/\//i.test(value)) urls.push({ where: `<${element.name}> line ${element.line}`, url: value });
    if (element.name === 'AppDomain') urls.push({ where: `<AppDomain> line ${element.line}`, url: element.text });
  }
  return urls;
}

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString('latin1'), `${file} is not a PNG`).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  const manifest = readManifest();
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

  it('is a 1.1 task pane app for workbooks', () => {
    expect(manifest.name).toBe('OfficeApp');
    expect(manifest.attributes.xmlns).toBe('http://schemas.microsoft.com/office/appforoffice/1.1');
    expect(manifest.attributes[XSI_TYPE]).toBe('TaskPaneApp');
    expect(at(manifest, 'Hosts').children.map((h) => h.attributes.Name)).toEqual(['Workbook']);
  });

  it('keeps the top-level elements in schema order, required ones present', () => {
    expectOrder(manifest, OFFICE_APP_ORDER);
    const names = manifest.children.map((c) => c.name);
    for (const name of OFFICE_APP_REQUIRED) expect(names, `missing <${name}>`).toContain(name);
  });

  it('has a fixed GUID and the package version', () => {
    expect(at(manifest, 'Id').text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(at(manifest, 'Version').text).toBe(`${pkg.version}.0`);
  });

  it('keeps VersionOverrides, its host and its resources in schema order', () => {
    const overrides = at(manifest, 'VersionOverrides');
    expect(overrides.attributes.xmlns).toBe('http://schemas.microsoft.com/office/taskpaneappversionoverrides');
    expect(overrides.attributes[XSI_TYPE]).toBe('VersionOverridesV1_0');
    expectOrder(overrides, VERSION_OVERRIDES_ORDER);
    const host = at(overrides, 'Hosts', 'Host');
    expect(host.attributes[XSI_TYPE]).toBe('Workbook');
    expectOrder(host, HOST_ORDER);
    expectOrder(at(host, 'DesktopFormFactor'), DESKTOP_ORDER);
    expectOrder(at(overrides, 'Resources'), RESOURCES_ORDER);
  });

  it('asks for the shared runtime and runs the task pane page in it, long-lived', () => {
    const sets = at(manifest, 'Requirements', 'Sets');
    expect(sets.children.map((s) => [s.attributes.Name, s.attributes.MinVersion])).toContainEqual(['SharedRuntime', '1.1']);
    const host = at(manifest, 'VersionOverrides', 'Hosts', 'Host');
    const runtime = at(host, 'Runtimes', 'Runtime');
    expect(runtime.attributes).toMatchObject({ resid: 'Taskpane.Url', lifetime: 'long' });
    const functions = at(host, 'AllFormFactors', 'ExtensionPoint');
    expect(functions.attributes[XSI_TYPE]).toBe('CustomFunctions');
    expect(at(functions, 'Page', 'SourceLocation').attributes.resid).toBe('Taskpane.Url');
    expect(at(host, 'DesktopFormFactor', 'FunctionFile').attributes.resid).toBe('Taskpane.Url');
    expect(at(functions, 'Script', 'SourceLocation').attributes.resid).toBe('Functions.Script.Url');
    expect(at(functions, 'Metadata', 'SourceLocation').attributes.resid).toBe('Functions.Metadata.Url');
    const namespace = at(functions, 'Namespace').attributes.resid ?? '';
    expect(resources(manifest).get('bt:ShortStrings')?.get(namespace)).toBe('AR');
  });

  it('puts one button on the Home tab that shows the task pane page', () => {
    const surface = at(manifest, 'VersionOverrides', 'Hosts', 'Host', 'DesktopFormFactor', 'ExtensionPoint');
    expect(surface.attributes[XSI_TYPE]).toBe('PrimaryCommandSurface');
    const tab = at(surface, 'OfficeTab');
    expect(tab.attributes.id).toBe('TabHome');
    const controls = at(tab, 'Group').children.filter((c) => c.name === 'Control');
    expect(controls).toHaveLength(1);
    const action = at(controls[0]!, 'Action');
    expect(action.attributes[XSI_TYPE]).toBe('ShowTaskpane');
    expect(at(action, 'SourceLocation').attributes.resid).toBe('Taskpane.Url');
  });

  it('defines every resid it references, of the right kind, and no unused resource', () => {
    const kinds = resources(manifest);
    const used = new Set<string>();
    for (const { element, parent, resid } of residReferences(manifest)) {
      const kind = expectedKind(element, parent);
      expect(kinds.get(kind)?.has(resid), `<${element.name} resid="${resid}"> (line ${element.line}) names no ${kind} entry`).toBe(true);
      expect(resid.length, `resid ${resid} is longer than 32 characters`).toBeLessThanOrEqual(32);
      used.add(`${kind}/${resid}`);
    }
    const defined = [...kinds].flatMap(([kind, entries]) => [...entries.keys()].map((id) => `${kind}/${id}`));
    expect(defined.filter((d) => !used.has(d)), 'resources nobody references').toEqual([]);
  });

  it('keeps strings within the schema lengths', () => {
    const kinds = resources(manifest);
    for (const [id, value] of kinds.get('bt:ShortStrings') ?? []) expect(value.length, id).toBeLessThanOrEqual(125);
    for (const [id, value] of kinds.get('bt:LongStrings') ?? []) expect(value.length, id).toBeLessThanOrEqual(250);
    expect(at(manifest, 'DisplayName').attributes.DefaultValue?.length).toBeLessThanOrEqual(125);
    expect(at(manifest, 'Description').attributes.DefaultValue?.length).toBeLessThanOrEqual(2000);
  });

  it(`puts every URL on ${MANIFEST_ORIGIN}, over https`, () => {
    const urls = manifestUrls(manifest);
    expect(urls.length).toBeGreaterThan(5);
    for (const { where, url } of urls) {
      const parsed = new URL(url);
      expect(parsed.protocol, `${where}: ${url}`).toBe('https:');
      expect(parsed.origin, `${where}: ${url}`).toBe(MANIFEST_ORIGIN);
    }
  });

  describe('against the built add-in', () => {
    let built: BuiltAddin;
    beforeAll(() => {
      built = buildAddin();
    }, 60_000);
    afterAll(() => built?.remove());

    it('references only files the build makes', () => {
      for (const { where, url } of manifestUrls(manifest)) {
        const { pathname } = new URL(url);
        if (pathname === '/') continue; // an AppDomain names an origin, not a file
        expect(existsSync(path.join(built.dir, decodeURIComponent(pathname))), `${where}: ${pathname} is not in the build`).toBe(true);
      }
    });

    it('has icons of the sizes the manifest declares', () => {
      const images = resources(manifest).get('bt:Images') ?? new Map<string, string>();
      const declared = [
        ...[...images].map(([id, url]) => ({ url, size: Number(/^Icon\.(\d+)x\1$/.exec(id)?.[1]) })),
        { url: at(manifest, 'IconUrl').attributes.DefaultValue ?? '', size: 32 },
        { url: at(manifest, 'HighResolutionIconUrl').attributes.DefaultValue ?? '', size: 64 },
      ];
      for (const { url, size } of declared) {
        expect(pngSize(path.join(built.dir, new URL(url).pathname)), url).toEqual({ width: size, height: size });
      }
    });

    it('serves a runtime page that loads office.js from the CDN, then the functions script', () => {
      const kinds = resources(manifest).get('bt:Urls') ?? new Map<string, string>();
      const page = readFileSync(path.join(built.dir, new URL(kinds.get('Taskpane.Url') ?? '').pathname), 'utf8');
      const scripts = [...page.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
      const functionsScript = new URL(kinds.get('Functions.Script.Url') ?? '').pathname.slice(1);
      expect(scripts[0]).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
      expect(scripts).toContain(functionsScript);
      expect(scripts.indexOf(functionsScript)).toBeGreaterThan(0);
    });
  });
});

describe('scripts/manifest.mjs', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'ar-manifest-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/manifest.mjs', ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('moves every URL and AppDomain to the given origin, and nothing else', () => {
    const out = path.join(work, 'manifest.deployed.xml');
    execFileSync(process.execPath, ['scripts/manifest.mjs', '--url', 'https://ar-ledger.example.test', '--out', out], { cwd: repoRoot, stdio: 'pipe' });
    const original = readManifest();
    const rewritten = readManifest(out);
    const before = manifestUrls(original);
    const after = manifestUrls(rewritten);
    const element = (u: { where: string }) => u.where.replace(/ line \d+$/, '');
    expect(after.map(element)).toEqual(before.map(element));
    after.forEach(({ where, url }, i) => {
      const path = where.startsWith('<AppDomain>') ? '' : new URL(before[i]!.url).pathname;
      expect(url).toBe(`https://ar-ledger.example.test${path}`);
    });
    expect(readFileSync(out, 'utf8')).not.toContain('localhost:8787');
    // Same tree once the URLs are set aside.
    const shape = (e: XmlElement): unknown => ({
      name: e.name,
      attributes: Object.fromEntries(Object.entries(e.attributes).filter(([k, v]) => !(k === 'DefaultValue' && v.startsWith('https://')))),
      text: e.name === 'AppDomain' ? '' : e.text,
      children: e.children.map(shape),
    });
    expect(shape(rewritten)).toEqual(shape(original));
  });

  it('writes dist/manifest.<host>.xml when no --out is given', () => {
    const result = run('--url', 'https://ar-ledger-check.example.test');
    expect(result.status, result.stderr).toBe(0);
    const out = path.join(repoRoot, 'dist/manifest.ar-ledger-check.example.test.xml');
    try {
      expect(readFileSync(out, 'utf8')).toContain('<SourceLocation DefaultValue="https://ar-ledger-check.example.test/taskpane.html" />');
    } finally {
      rmSync(out, { force: true });
    }
  });

  it.each([
    ['http://ar.example.test', /https/],
    ['https://ar.example.test/addin', /origin only/],
    ['not a url', /not a URL/],
  ])('refuses %s', (url, message) => {
    const result = run('--url', url, '--out', path.join(work, 'refused.xml'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(existsSync(path.join(work, 'refused.xml'))).toBe(false);
  });

  it('requires --url', () => {
    const result = run();
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/--url is required/);
  });
});
