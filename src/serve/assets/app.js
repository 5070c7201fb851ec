// xxgk serve: the page. Plain JavaScript, built into the binary; every text from the data file or
// the server is set with textContent, never as HTML. The server does all checking and rendering.
'use strict';

const boot = JSON.parse(document.getElementById('boot').textContent);
const app = document.getElementById('app');

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) {
    if (kid === null || kid === undefined) continue;
    e.append(typeof kid === 'string' || typeof kid === 'number' ? document.createTextNode(String(kid)) : kid);
  }
  return e;
}

async function api(path, body, raw) {
  const r = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-XXGK-Token': boot.token },
    body: JSON.stringify(body),
  });
  if (raw && r.ok) return r;
  let data;
  try { data = await r.json(); } catch (_) { data = { error: '服务器返回了无法识别的内容（' + r.status + '）' }; }
  if (!r.ok) { const e = new Error(data.error || ('请求失败：' + r.status)); e.status = r.status; throw e; }
  return data;
}

function editUrl(name) { return '/edit?file=' + encodeURIComponent(name); }

// ---------------------------------------------------------------------------------------------
// The folder: its data files, and a new one

function listView() {
  const rows = boot.files.map(f => el('tr', {},
    el('td', {}, el('a', { href: editUrl(f.name) }, f.name)),
    el('td', {}, f.agency || ''),
    el('td', {}, f.year ? String(f.year) : ''),
    el('td', { class: f.broken ? 'bad' : (f.errors ? 'bad' : 'ok') },
      f.broken ? '无法按表单读取' : (f.errors ? f.errors + ' 个错误' : '通过'))));
  const agency = el('input', { id: 'new-agency', placeholder: '机关全称，如“某某县人民政府办公室”', size: 36 });
  const year = el('input', { id: 'new-year', value: String(new Date().getFullYear() - 1), size: 6 });
  const note = el('p', { class: 'note' });
  const create = async () => {
    try {
      const r = await api('/api/new', { agency: agency.value, year: Number(year.value) });
      location.href = editUrl(r.file);
    } catch (e) { note.textContent = e.message; }
  };
  app.append(el('main', { class: 'list' },
    el('h1', {}, '政府信息公开工作年度报告 · 数据文件'),
    el('p', { class: 'note' }, '文件夹：' + boot.folder),
    rows.length ? el('table', { class: 'files' },
      el('tr', {}, el('th', {}, '文件'), el('th', {}, '机关'), el('th', {}, '年度'), el('th', {}, '状态')), rows)
      : el('p', {}, '这个文件夹里还没有数据文件。'),
    el('h2', {}, '新建数据文件'),
    el('p', {}, '机关 ', agency, ' 年度 ', year, ' ', el('button', { onclick: create }, '新建')),
    note));
}

// ---------------------------------------------------------------------------------------------
// A file that does not load: its text, with the loader's messages at their lines

function textView() {
  const area = el('textarea', { class: 'source', spellcheck: 'false' });
  area.value = boot.text;
  const lines = boot.text.split('\n');
  const jump = line => {
    let at = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(at, at + (lines[line - 1] || '').length);
    area.scrollTop = Math.max(0, (line - 5) * 20);
  };
  const list = boot.findings.map(f => el('li', { class: 'finding error', onclick: () => f.line && jump(f.line) },
    el('b', {}, f.line ? '第 ' + f.line + ' 行' + (f.col ? '第 ' + f.col + ' 列' : '') : '全文'), ' ',
    el('code', {}, f.rule), ' ', f.message));
  const note = el('span', { class: 'note' });
  let base = boot.digest;
  const save = async (force) => {
    try {
      await api('/api/save', { file: boot.file, text: area.value, base, force });
      location.reload();
    } catch (e) {
      if (e.status === 409 && confirm(e.message + '？')) return save(true);
      note.textContent = e.message;
    }
  };
  app.append(el('main', { class: 'text' },
    el('h1', {}, boot.file),
    el('p', {}, '这个数据文件有格式错误，暂时不能按表单打开。请按下面的提示修改，然后保存，页面会重新打开。'),
    el('ol', { class: 'findings' }, list),
    area,
    el('p', {}, el('button', { onclick: () => save(false) }, '保存并重新打开'), ' ', note)));
}

// ---------------------------------------------------------------------------------------------
// The form

function formView() {
  const form = boot.form;
  const state = form.state;
  const inputs = new Map();   // field id → input element
  const holders = new Map();  // field id → element that shows its messages
  const computed = [[], [], []];
  const draftKey = 'xxgk-draft:' + boot.file;
  let base = boot.digest;
  let last = '';
  let dirty = false;
  let seq = 0;
  let timer = null;

  const status = el('span', { id: 'status', class: 'status' }, '正在检查…');
  const note = el('span', { id: 'note', class: 'note' });
  const findingList = el('ol', { id: 'findings', class: 'findings' });
  const preview = el('iframe', { id: 'preview', sandbox: '', title: '报告预览' });
  const previewNote = el('p', { class: 'note' });

  function changed(id, value) {
    state.values[id] = value;
    dirty = true;
    try { localStorage.setItem(draftKey, JSON.stringify({ base, time: Date.now(), state })); } catch (_) { /* full */ }
    clearTimeout(timer);
    timer = setTimeout(runCheck, 300);
  }

  function input(field, attrs) {
    const e = field.kind === 'prose'
      ? el('textarea', Object.assign({ rows: Math.min(16, Math.max(3, (state.values[field.id] || '').split('\n').length + 1)) }, attrs))
      : el('input', Object.assign({ type: 'text' }, attrs));
    e.value = state.values[field.id] || '';
    e.dataset.field = field.id;
    e.addEventListener('input', () => changed(field.id, e.value));
    inputs.set(field.id, e);
    return e;
  }

  function fieldRow(field) {
    const msgs = el('div', { class: 'msgs' });
    holders.set(field.id, msgs);
    const box = input(field, { placeholder: field.hint || '' });
    return el('div', { class: 'field ' + field.kind },
      el('label', {}, field.label), el('div', { class: 'box' }, box, msgs));
  }

  function grid(table, t) {
    const rows = table.rows.map(row => el('tr', {}, row.map(c => {
      const attrs = { rowspan: c.rowspan > 1 ? c.rowspan : null, colspan: c.colspan > 1 ? c.colspan : null, class: c.role };
      if (c.role === 'input') {
        const msgs = el('div', { class: 'cellmsg' });
        holders.set(c.field, msgs);
        const e = input({ id: c.field, kind: 'number' }, { title: c.label, 'aria-label': c.label, inputmode: 'numeric' });
        return el('td', Object.assign(attrs, { 'data-field': c.field }), e, msgs);
      }
      const td = el('td', attrs, c.text);
      if (c.role === 'computed') { computed[t][c.n] = td; td.title = '自动计算'; }
      return td;
    })));
    return el('section', {}, el('h2', {}, table.title), el('table', { class: 'grid' }, rows));
  }

  // Spreadsheet keys: Enter moves on (Shift+Enter back), typing replaces the figure.
  app.addEventListener('keydown', ev => {
    const t = ev.target;
    if (ev.key !== 'Enter' || t.tagName !== 'INPUT' || !t.dataset.field) return;
    ev.preventDefault();
    const all = [...inputs.values()].filter(e => e.tagName === 'INPUT');
    const next = all[all.indexOf(t) + (ev.shiftKey ? -1 : 1)];
    if (next) next.focus();
  });
  app.addEventListener('focusin', ev => { if (ev.target.closest && ev.target.closest('td.input')) ev.target.select(); });

  const heading = form.heading.map(fieldRow);
  const [overview, ...rest] = form.prose.map(fieldRow);

  async function runCheck() {
    const mine = ++seq;
    status.textContent = '正在检查…';
    let r;
    try { r = await api('/api/check', { state, last }); } catch (e) { status.textContent = e.message; return; }
    if (mine !== seq) return;
    show(r);
  }

  function show(r) {
    for (const h of holders.values()) h.replaceChildren();
    for (const e of inputs.values()) { e.classList.remove('error', 'warning', 'info'); }
    findingList.replaceChildren();
    for (const f of r.findings) {
      const where = f.field ? (inputs.get(f.field) || null) : null;
      const text = (f.para ? '第 ' + f.para + ' 段：' : '') + f.message;
      const item = el('li', { class: 'finding ' + f.severity },
        el('code', {}, f.rule), ' ', text);
      if (where) {
        where.classList.add(f.severity);
        holders.get(f.field).append(el('div', { class: 'msg ' + f.severity }, el('code', {}, f.rule), ' ', text));
        item.addEventListener('click', () => { where.scrollIntoView({ block: 'center' }); where.focus(); });
        item.classList.add('jump');
      }
      findingList.append(item);
    }
    if (r.figures) r.figures.forEach((list, t) => list.forEach((v, n) => { if (computed[t][n]) computed[t][n].textContent = v; }));
    status.textContent = r.errors ? r.errors + ' 个错误' + (r.warnings ? '，' + r.warnings + ' 个警告' : '')
      : (r.warnings ? '通过，' + r.warnings + ' 个警告' : '通过');
    status.className = 'status ' + (r.errors ? 'error' : 'ok');
    if (r.preview && r.preview.html !== undefined) { preview.srcdoc = r.preview.html; previewNote.textContent = ''; }
    else if (r.preview) previewNote.textContent = r.preview.error;
  }

  async function save(force) {
    try {
      const r = await api('/api/save', { file: boot.file, state, base, force });
      base = r.digest;
      dirty = false;
      localStorage.removeItem(draftKey);
      note.textContent = '已保存' + (r.backup ? '（原文件备份为 ' + r.backup + '）' : '');
    } catch (e) {
      if (e.status === 409 && confirm(e.message + '？')) return save(true);
      note.textContent = e.message;
    }
  }

  const beside = el('input', { type: 'checkbox', id: 'beside' });
  async function download(format) {
    note.textContent = '正在生成…';
    try {
      const r = await api('/api/download', { file: boot.file, state, format, beside: beside.checked }, !beside.checked);
      if (beside.checked) { note.textContent = '已写入 ' + r.written; return; }
      const name = decodeURIComponent((r.headers.get('Content-Disposition') || '').split("''")[1] || 'report.' + format);
      const a = el('a', { href: URL.createObjectURL(await r.blob()), download: name });
      document.body.append(a); a.click(); a.remove();
      note.textContent = '已下载 ' + name;
    } catch (e) { note.textContent = e.message; }
  }

  function setValues(values) {
    for (const [id, v] of Object.entries(values)) {
      state.values[id] = v;
      const e = inputs.get(id);
      if (e) e.value = v;
    }
  }

  const lastSelect = el('select', { id: 'last' }, el('option', { value: '' }, '（不对照）'),
    boot.others.map(n => el('option', { value: n }, n)));
  lastSelect.addEventListener('change', async () => {
    last = lastSelect.value;
    if (last) {
      try {
        const r = await api('/api/last', { last, state });
        setValues(r.values);
        changed('年度', state.values['年度']);
        note.textContent = '已按' + r.year + '年度数据填入上年结转' + (Object.keys(r.values).some(k => k.startsWith('主动公开')) ? '和现行有效件数' : '');
      } catch (e) { note.textContent = e.message; last = ''; }
    }
    runCheck();
  });

  const bar = el('header', { class: 'bar' },
    boot.single ? null : el('a', { href: '/' }, '全部文件'),
    el('b', {}, boot.file), status,
    el('button', { id: 'save', onclick: () => save(false) }, '保存'),
    el('span', {}, '下载：',
      el('button', { onclick: () => download('docx') }, 'Word'),
      el('button', { onclick: () => download('pdf') }, 'PDF'),
      el('button', { onclick: () => download('md') }, 'Markdown')),
    el('label', {}, beside, '写入数据文件所在文件夹'),
    el('label', {}, '上年数据：', lastSelect),
    note);

  const main = el('div', { class: 'form' },
    el('section', {}, el('h2', {}, '基本信息'), heading),
    el('section', {}, overview),
    form.tables.map(grid),
    el('section', {}, rest));
  const side = el('aside', {}, el('h2', {}, '检查结果'), findingList, el('h2', {}, '预览'), previewNote, preview);
  app.append(bar, el('div', { class: 'columns' }, main, side));

  // A draft left by a closed tab: offered back.
  try {
    const draft = JSON.parse(localStorage.getItem(draftKey) || 'null');
    if (draft && JSON.stringify(draft.state.values) !== JSON.stringify(state.values)) {
      const when = new Date(draft.time).toLocaleString('zh-CN');
      const banner = el('div', { class: 'draft' }, '有一份 ' + when + ' 未保存的修改。',
        el('button', { onclick: () => { setValues(draft.state.values); dirty = true; banner.remove(); runCheck(); } }, '恢复'),
        el('button', { onclick: () => { localStorage.removeItem(draftKey); banner.remove(); } }, '丢弃'));
      app.prepend(banner);
    }
  } catch (_) { /* no storage */ }
  window.addEventListener('beforeunload', ev => { if (dirty) { ev.preventDefault(); ev.returnValue = ''; } });
  runCheck();
}

({ list: listView, text: textView, form: formView })[boot.view]();
