/**
 * The preview page: one self-contained HTML document (no build step, no framework). It reads
 * /api/state, shows the selected email in an iframe, and follows /events to reload after each build.
 */
const STYLE = `
:root { color-scheme: light; --line: #d8dde3; --muted: #5b6672; --accent: #0b6bcb; --bad: #b42318; --ok: #127a3e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1f2933; background: #f4f6f8; }
header { display: flex; align-items: center; gap: 12px; padding: 10px 16px; background: #1f2933; color: #fff; }
header h1 { font-size: 16px; margin: 0; }
header .dir { color: #a0aab4; font-size: 12px; margin-left: auto; }
.badge { padding: 2px 8px; border-radius: 10px; font-size: 12px; background: #3e4c59; }
.badge.ok { background: var(--ok); } .badge.bad { background: var(--bad); }
.layout { display: grid; grid-template-columns: 250px minmax(0, 1fr) 300px; min-height: calc(100vh - 44px); }
nav, .meters { padding: 12px; background: #fff; border-right: 1px solid var(--line); overflow: auto; }
.meters { border-right: 0; border-left: 1px solid var(--line); }
nav h2, .meters h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 14px 0 4px; }
nav button.scenario { display: block; width: 100%; text-align: left; border: 0; background: none; padding: 5px 8px; border-radius: 6px; cursor: pointer; font: inherit; color: inherit; }
nav button.scenario:hover { background: #eef1f4; }
nav button.scenario[aria-current="true"] { background: #dbeafe; color: #0b4a8b; font-weight: 600; }
label.field { display: block; font-size: 12px; color: var(--muted); margin-top: 6px; }
label.field input { display: block; width: 100%; margin-top: 2px; padding: 4px 6px; font: inherit; }
main { padding: 12px 16px; min-width: 0; }
.toolbar { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 10px; }
.group { display: inline-flex; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; background: #fff; }
.group button, .send { border: 0; background: #fff; padding: 5px 10px; cursor: pointer; font: inherit; }
.group button + button { border-left: 1px solid var(--line); }
.group button[aria-pressed="true"] { background: var(--accent); color: #fff; }
.send { border: 1px solid var(--accent); color: var(--accent); border-radius: 6px; }
.inbox { display: flex; gap: 10px; align-items: baseline; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-bottom: 10px; white-space: nowrap; overflow: hidden; }
.inbox .from { font-weight: 700; } .inbox .subject { font-weight: 600; } .inbox .preheader { color: var(--muted); overflow: hidden; text-overflow: ellipsis; }
.error { background: #fef3f2; border: 1px solid #fda29b; color: var(--bad); border-radius: 6px; padding: 8px 12px; margin-bottom: 10px; }
.error pre { white-space: pre-wrap; margin: 6px 0 0; color: #7a271a; font-size: 12px; }
.notice { color: var(--muted); font-size: 12px; margin: 4px 0 10px; }
.stage { display: flex; justify-content: center; }
.stage iframe { border: 1px solid var(--line); background: #fff; height: 900px; transition: width .15s; }
.stale iframe { opacity: .55; }
pre.text { background: #fff; border: 1px solid var(--line); padding: 12px; white-space: pre-wrap; max-width: 760px; width: 100%; }
.attachments { width: 100%; max-width: 760px; }
.attachments article { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-bottom: 8px; }
.attachments pre { font-size: 12px; overflow: auto; margin: 6px 0 0; }
.meter { height: 10px; border-radius: 5px; background: #e4e7eb; position: relative; overflow: hidden; margin: 4px 0; }
.meter span { position: absolute; inset: 0 auto 0 0; background: var(--ok); }
.meter.warn span { background: #d97706; } .meter.bad span { background: var(--bad); }
.meters ul { padding-left: 16px; margin: 4px 0; font-size: 12px; }
.meters .fail { color: var(--bad); font-weight: 600; } .meters ul.fail { font-weight: 400; }
.small { font-size: 12px; color: var(--muted); }
`;

const SCRIPT = String.raw`
const $ = (selector) => document.querySelector(selector);
const state = { id: 'example', month: '', width: 600, dark: false, images: true, view: 'html', version: 0, scenarios: [] };
const query = (extra = {}) => new URLSearchParams({ id: state.id, month: state.month, ...extra }).toString();
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const kb = (bytes) => (bytes / 1024).toFixed(1) + ' KB';

const renderNav = () => {
  const sections = new Map();
  for (const scenario of state.scenarios) sections.set(scenario.section, [...(sections.get(scenario.section) ?? []), scenario]);
  $('#scenarios').innerHTML = [...sections].map(([section, list]) =>
    '<h2>' + escapeHtml(section) + '</h2>' + list.map((s) =>
      '<button class="scenario" data-scenario="' + escapeHtml(s.id) + '" aria-current="' + (s.id === state.id) + '">' + escapeHtml(s.label) + '</button>').join('')).join('');
};

const pressed = () => {
  for (const button of document.querySelectorAll('[data-width]')) button.setAttribute('aria-pressed', String(Number(button.dataset.width) === state.width));
  for (const button of document.querySelectorAll('[data-theme]')) button.setAttribute('aria-pressed', String((button.dataset.theme === 'dark') === state.dark));
  for (const button of document.querySelectorAll('[data-images]')) button.setAttribute('aria-pressed', String((button.dataset.images === 'on') === state.images));
  for (const button of document.querySelectorAll('[data-view]')) button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
  $('#email').style.width = state.width + 'px';
  $('#email').hidden = state.view !== 'html';
  $('#text').hidden = state.view !== 'text';
  $('#attachments').hidden = state.view !== 'attachments';
};

const showMeters = (size) => {
  const share = Math.min(100, (size.bytes / size.clipBytes) * 100);
  const tone = size.clipped ? 'bad' : size.bytes > size.budgetBytes ? 'warn' : '';
  $('#size').innerHTML = '<div class="meter ' + tone + '"><span style="width:' + share.toFixed(1) + '%"></span></div>' +
    '<div id="size-text">' + kb(size.bytes) + ' of Gmail\'s ' + kb(size.clipBytes) + ' clip (' + share.toFixed(0) + ' %)' +
    (size.clipped ? ': <b>clipped</b>' : '') + '</div><div class="small">render budget ' + kb(size.budgetBytes) + '</div>';
};

const showChecks = (checks) => {
  const failing = checks.support.filter((f) => !f.accepted);
  const accepted = checks.support.filter((f) => f.accepted);
  const item = (f) => '<li title="' + escapeHtml(f.accepted ?? '') + '">' + escapeHtml(f.title) + ': ' + escapeHtml(f.clients.join(', ')) + '</li>';
  $('#support').innerHTML = '<div class="' + (failing.length ? 'fail' : '') + '">' + failing.length + ' unsupported</div><ul class="fail">' + failing.map(item).join('') + '</ul>' +
    '<details><summary class="small">' + accepted.length + ' accepted, each with its reason</summary><ul>' + accepted.map(item).join('') + '</ul></details>';
  $('#contrast').innerHTML = '<div class="' + (checks.contrast.length ? 'fail' : '') + '">' + (checks.contrast.length ? checks.contrast.length + ' below the required ratio' : 'all pass') + '</div><ul>' +
    checks.contrast.map((f) => '<li>' + f.mode + ' ' + escapeHtml(f.selector) + ': ' + f.ratio.toFixed(2) + ' &lt; ' + f.required + '</li>').join('') + '</ul>';
  $('#spam').innerHTML = checks.spam.available
    ? '<div>score ' + checks.spam.score.toFixed(1) + '</div><ul>' + checks.spam.rules.map((r) => '<li>' + escapeHtml(r.name) + ' ' + r.score + '</li>').join('') + '</ul>'
    : '<div class="small">SpamAssassin is not installed</div>';
};

const showFrame = () => {
  pressed();
  $('#email').src = '/email.html?' + query({ dark: state.dark ? '1' : '0', images: state.images ? '1' : '0', v: state.version });
};

let loadSeq = 0;
const refresh = async () => {
  const seq = ++loadSeq;
  renderNav();
  showFrame();
  const response = await fetch('/api/email?' + query());
  const email = await response.json();
  if (seq !== loadSeq) return;
  if (!response.ok) { $('#render-error').hidden = false; $('#render-error').textContent = email.error; return; }
  $('#render-error').hidden = true;
  $('#subject').textContent = email.subject;
  $('#preheader').textContent = email.preheader;
  $('#text').textContent = email.text;
  $('#attachments').innerHTML = email.attachments.length ? email.attachments.map((a) =>
    '<article><a href="/api/attachment?' + query({ name: a.filename }) + '">' + escapeHtml(a.filename) + '</a> <span class="small">' + escapeHtml(a.contentType) + ', ' + kb(a.bytes) + '</span><pre>' + escapeHtml(a.head) + '</pre></article>').join('') : '<p class="small">No attachments.</p>';
  showMeters(email.size);
  for (const id of ['#support', '#contrast', '#spam']) $(id).innerHTML = '<span class="small">checking…</span>';
  const checks = await fetch('/api/checks?' + query()).then((r) => r.json());
  if (seq === loadSeq && checks.support) showChecks(checks);
};

const showBuild = (build) => {
  const badge = $('#build-status');
  badge.className = 'badge ' + (build.ok ? 'ok' : 'bad');
  badge.textContent = build.ok ? 'build ' + build.version + ' ok (' + build.ms + ' ms)' : 'build ' + build.version + ' failed';
  $('#build-error').hidden = build.ok;
  document.body.classList.toggle('stale', !build.ok);
  if (!build.ok) {
    $('#build-error-where').textContent = (build.error.file || 'templates') + (build.error.line ? ':' + build.error.line : '');
    $('#build-error-message').textContent = build.error.message;
  }
};

document.addEventListener('click', (event) => {
  const target = event.target.closest('button');
  if (!target) return;
  if (target.dataset.scenario) { state.id = target.dataset.scenario; void refresh(); }
  else if (target.dataset.width) { state.width = Number(target.dataset.width); pressed(); }
  else if (target.dataset.theme) { state.dark = target.dataset.theme === 'dark'; showFrame(); }
  else if (target.dataset.images) { state.images = target.dataset.images === 'on'; showFrame(); }
  else if (target.dataset.view) { state.view = target.dataset.view; pressed(); }
  else if (target.id === 'send') void sendTest();
  else if (target.id === 'real-load') void loadReal();
});

const sendTest = async () => {
  $('#sent').textContent = 'sending…';
  const response = await fetch('/api/send?' + query(), { method: 'POST' });
  const result = await response.json();
  $('#sent').innerHTML = response.ok
    ? 'Sent ' + escapeHtml(result.messageId) + ' to the local SES emulator: <a target="_blank" href="' + escapeHtml(result.viewerUrl) + '">' + escapeHtml(result.viewerUrl) + '</a>'
    : 'Send failed: ' + escapeHtml(result.error);
};

const loadReal = async () => {
  $('#real-status').textContent = 'loading…';
  const response = await fetch('/api/real?' + new URLSearchParams({ business: $('#real-business').value, month: $('#real-month').value }));
  const result = await response.json();
  if (!response.ok) { $('#real-status').textContent = result.error; return; }
  state.scenarios = [...state.scenarios.filter((s) => !s.id.startsWith('real-')), ...result.scenarios];
  $('#real-status').textContent = result.scenarios.length - 1 + ' companies' + (result.invalid.length ? '; malformed: ' + result.invalid.join('; ') : '');
  renderNav();
};

$('#month').addEventListener('change', () => { state.month = $('#month').value; void refresh(); });
$('#email').addEventListener('load', () => {
  const doc = $('#email').contentDocument;
  if (doc?.documentElement) $('#email').style.height = Math.max(400, doc.documentElement.scrollHeight + 20) + 'px';
  // What the iframe really shows (its own URL), for the tests and for anyone inspecting the page.
  const shown = new URLSearchParams($('#email').contentWindow?.location.search ?? '');
  document.body.dataset.loaded = shown.get('id') + '|' + shown.get('v') + '|' + (shown.get('dark') === '1' ? 'dark' : 'light');
});

const start = async () => {
  const initial = await fetch('/api/state').then((r) => r.json());
  state.month = initial.defaultMonth;
  state.scenarios = initial.scenarios;
  $('#month').value = state.month;
  $('#dir').textContent = initial.templatesDir;
  if (initial.realData) { $('#real').hidden = false; $('#real-month').value = state.month; $('#real-url').textContent = initial.realData.baseUrl; }
  const events = new EventSource('/events');
  events.addEventListener('build', (event) => {
    const build = JSON.parse(event.data);
    showBuild(build);
    if (build.ok && build.version !== state.version) {
      state.version = build.version;
      // A new locale file adds a language: take the list again, keeping loaded real data.
      void fetch('/api/state').then((r) => r.json()).then((latest) => {
        state.scenarios = [...latest.scenarios, ...state.scenarios.filter((s) => s.id.startsWith('real-'))];
        return refresh();
      });
    }
  });
};
void start();
`;

export const previewPage = (): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>IOBot report preview</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>IOBot report preview</h1><span id="build-status" class="badge">building…</span><span class="dir" id="dir"></span></header>
<div class="layout">
  <nav>
    <label class="field">Simulator month <input id="month" type="month"></label>
    <div id="scenarios"></div>
    <section id="real" hidden>
      <h2>Real data (read-only)</h2>
      <div class="small" id="real-url"></div>
      <label class="field">Business id <input id="real-business" inputmode="numeric" value="1"></label>
      <label class="field">Month <input id="real-month" type="month"></label>
      <button id="real-load" class="send" style="margin-top:6px">Load</button>
      <div class="small" id="real-status"></div>
    </section>
  </nav>
  <main>
    <div class="toolbar">
      <span class="group" aria-label="Width"><button data-width="375">375</button><button data-width="600">600</button><button data-width="1024">1024</button></span>
      <span class="group" aria-label="Colour scheme"><button data-theme="light">Light</button><button data-theme="dark">Dark</button></span>
      <span class="group" aria-label="Images"><button data-images="on">Images on</button><button data-images="off">Images off</button></span>
      <span class="group" aria-label="Part"><button data-view="html">HTML</button><button data-view="text">Text</button><button data-view="attachments">CSV</button></span>
      <button id="send" class="send">Send test</button>
    </div>
    <div class="inbox"><span class="from">IOBot Reportes</span><span class="subject" id="subject"></span><span class="preheader" id="preheader"></span></div>
    <div class="notice" id="sent"></div>
    <div class="error" id="build-error" hidden><b>Template error in <span id="build-error-where"></span></b> (showing the last good build)<pre id="build-error-message"></pre></div>
    <div class="error" id="render-error" hidden></div>
    <div class="stage">
      <iframe id="email" title="Email preview"></iframe>
      <pre class="text" id="text" hidden></pre>
      <div class="attachments" id="attachments" hidden></div>
    </div>
  </main>
  <aside class="meters">
    <h2>HTML size</h2><div id="size"></div>
    <h2>Client support (caniemail)</h2><div id="support"></div>
    <h2>Contrast</h2><div id="contrast"></div>
    <h2>SpamAssassin</h2><div id="spam"></div>
  </aside>
</div>
<script type="module">${SCRIPT}</script>
</body>
</html>
`;
