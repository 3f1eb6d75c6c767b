// drafter's page: four tabs over the local API. Every request goes to this server only.
"use strict";

const $ = (selector) => document.querySelector(selector);
const KIND_NAMES = {};

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

// The one sentence of an error; the form controls it names (`fields`) are outlined.
function showError(message, fields = []) {
  const box = $("#error");
  box.textContent = message || "";
  box.hidden = !message;
  document.querySelectorAll(".invalid").forEach((node) => node.classList.remove("invalid"));
  fields.forEach((name) => document.querySelectorAll(`[name="${name}"]`).forEach((node) => node.classList.add("invalid")));
}

// One request to the API: JSON (or a Blob for downloads); a failure shows the server's one sentence.
async function api(url, options = {}, as = "json") {
  let response;
  try {
    response = await fetch(url, options);
  } catch (err) {
    throw new Error("无法连接 drafter 服务：请确认命令行窗口中的 drafter serve 仍在运行");
  }
  if (!response.ok) {
    let answer = {};
    try { answer = await response.json(); } catch (err) { /* not JSON */ }
    throw Object.assign(new Error(answer.error || `请求失败（${response.status}）`), { fields: answer.fields || [] });
  }
  return as === "blob" ? response.blob() : response.json();
}

function saveBlob(blob, name) {
  const link = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

// ---------------------------------------------------------------- tabs

function showTab(name) {
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === `tab-${name}`));
  showError("");
}

// ---------------------------------------------------------------- a speech as the parser reads it

function sourceText(source) {
  if (!source) return "";
  const parts = [`出处：${source.file} 第 ${source.paragraph} 段`];
  if (source.frame) parts.push(`句式：${source.frame}`);
  if (source.note) parts.push(source.note);
  return parts.join("；");
}

function blockNode(block, extra) {
  const heading = el("p", { className: "heading", title: sourceText(block.source) },
    el("span", { className: "text" }, `${block.number}${block.heading}`), extra);
  const body = block.body.map((text) => el("p", {}, text));
  const items = block.items.length ? el("div", { className: "items" }, ...block.items.map((i) => blockNode(i))) : null;
  return el("div", { className: "part" }, heading, ...body, items);
}

function paragraphs(texts, sources = []) {
  return texts.map((text, i) => el("p", { title: sourceText(sources[i]) }, text));
}

// `partExtra(i)` adds a control to part i's heading (the draft tab's variant selector).
function renderSpeech(target, speech, partExtra = () => null) {
  const prov = speech.provenance || {};
  const byline = [speech.date && `（${speech.date}）`, speech.speaker].filter(Boolean).join("　");
  target.replaceChildren(...[
    speech.title ? el("h2", {}, speech.title) : null,
    byline ? el("p", { className: "byline" }, byline) : null,
    speech.salutation ? el("p", { className: "salutation" }, speech.salutation) : null,
    ...paragraphs(speech.opening, prov.opening),
    speech.transition ? el("p", { title: sourceText(prov.transition) }, speech.transition) : null,
    ...speech.parts.map((part, i) => blockNode(part, partExtra(i))),
    ...paragraphs(speech.closing, prov.closing),
    speech.signoff ? el("p", {}, speech.signoff) : null,
  ].filter(Boolean));
}

// ---------------------------------------------------------------- 起草

const draft = { partVariants: [], asked: 0 };

function draftQuery() {
  const form = new FormData($("#draft-form"));
  const query = new URLSearchParams();
  for (const [key, value] of form) if (String(value).trim()) query.set(key, String(value).trim());
  if (draft.partVariants.some((v) => v !== null)) {
    const base = query.get("variant") || "0";
    query.set("part_variants", draft.partVariants.map((v) => (v === null ? base : v)).join(","));
  }
  return query;
}

function variantSelect(i) {
  const current = draft.partVariants[i] ?? Number($("#variant").value || 0);
  const select = el("select", { className: "part-variant", title: "只换这一部分的标题" },
    ...[0, 1, 2, 3, 4].map((v) => el("option", { value: v, selected: v === current }, `写法 ${v}`)));
  select.addEventListener("change", () => { draft.partVariants[i] = Number(select.value); refreshOutline(); });
  return select;
}

async function refreshOutline() {
  const asked = ++draft.asked;
  if (!$("#topic").value.trim()) {
    $("#outline").replaceChildren(el("p", { className: "hint" }, "输入主题，提纲随即显示。"));
    $("#length").textContent = "";
    return;
  }
  const query = draftQuery();
  try {
    const [speech, length] = await Promise.all([api(`/api/outline?${query}`), api(`/api/length?${query}`)]);
    if (asked !== draft.asked) return; // a newer keystroke has its own answer coming
    if (draft.partVariants.length !== speech.parts.length) draft.partVariants = speech.parts.map(() => null);
    renderSpeech($("#outline"), speech, variantSelect);
    $("#outline").append(...(speech.notes || []).map((note) => el("p", { className: "note" }, `提示：${note}`)));
    $("#length").textContent = [length.describe, length.against].filter(Boolean).join(" ");
    showError("");
  } catch (err) {
    if (asked === draft.asked) showError(err.message, err.fields);
  }
}

async function downloadDraft() {
  try {
    const blob = await api(`/api/draft?${draftQuery()}`, {}, "blob");
    saveBlob(blob, `${$("#topic").value.trim()}讲话初稿.docx`);
    showError("");
  } catch (err) {
    showError(err.message, err.fields);
  }
}

// ---------------------------------------------------------------- 查表述

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (err) { // plain http off loopback has no clipboard API
    const area = el("textarea", { value: text });
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  button.textContent = "已复制";
  setTimeout(() => { button.textContent = "复制"; }, 1200);
}

let phraseAsked = 0;
async function refreshPhrases() {
  const asked = ++phraseAsked;
  const q = $("#q").value.trim();
  const kind = $("#kind").value;
  const tbody = $("#phrases tbody");
  if (!q && !kind) { tbody.replaceChildren(); $("#phrase-note").textContent = ""; return; }
  try {
    const hits = await api(`/api/phrase?${new URLSearchParams({ q, kind, limit: 50 })}`);
    if (asked !== phraseAsked) return;
    tbody.replaceChildren(...hits.map((hit) => {
      const copy = el("button", { type: "button", className: "copy" }, "复制");
      copy.addEventListener("click", () => copyText(hit.text, copy));
      const sources = hit.sources.map((s) => `${s.file} 第 ${s.paragraph} 段`).join("；");
      return el("tr", {}, el("td", { className: "text" }, hit.text), el("td", { className: "kind" }, KIND_NAMES[hit.kind] || hit.kind),
        el("td", { className: "count" }, String(hit.count)), el("td", { className: "sources" }, sources), el("td", {}, copy));
    }));
    $("#phrase-note").textContent = hits.length ? `共 ${hits.length} 条` : "没有找到这样的表述，换个说法试试。";
    showError("");
  } catch (err) {
    if (asked === phraseAsked) showError(err.message);
  }
}

// ---------------------------------------------------------------- 排版

function formatBody() {
  const file = $("#speech-file").files[0];
  if (file) {
    const form = new FormData();
    form.append("file", file, file.name);
    return { body: form, name: file.name.replace(/\.[^.]*$/, "") };
  }
  return { body: new Blob([$("#speech-text").value], { type: "text/plain;charset=utf-8" }), name: "讲话稿" };
}

async function refreshStructure() {
  if (!$("#speech-file").files.length && !$("#speech-text").value.trim()) { $("#structure").replaceChildren(); return; }
  const { body } = formatBody();
  try {
    renderSpeech($("#structure"), await api("/api/parse", { method: "POST", body }));
    showError("");
  } catch (err) {
    $("#structure").replaceChildren();
    showError(err.message);
  }
}

async function downloadExport() {
  const { body, name } = formatBody();
  try {
    saveBlob(await api("/api/export", { method: "POST", body }, "blob"), `${name}.docx`);
    showError("");
  } catch (err) {
    showError(err.message);
  }
}

// ---------------------------------------------------------------- 语料

async function refreshBank() {
  try {
    const bank = await api("/api/bank");
    Object.assign(KIND_NAMES, bank.names);
    $("#bank-folder").textContent = bank.folder;
    $("#bank-counts tbody").replaceChildren(...Object.entries(bank.counts).map(([kind, count]) =>
      el("tr", {}, el("td", {}, `${bank.names[kind]}（${kind}）`), el("td", { className: "count" }, String(count)))));
  } catch (err) {
    showError(err.message);
  }
}

function upload(form, bar) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/bank");
    request.responseType = "json";
    request.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = (50 * e.loaded) / e.total; };
    request.onload = () => (request.status < 400 ? resolve(request.response)
      : reject(new Error((request.response && request.response.error) || `上传失败（${request.status}）`)));
    request.onerror = () => reject(new Error("上传失败：无法连接 drafter 服务"));
    request.send(form);
  });
}

async function mine() {
  const input = $("#corpus-files");
  const suffixes = input.dataset.suffixes.split(" "); // what drafter reads, as the server lists it
  const files = [...input.files].filter((f) => suffixes.some((suffix) => f.name.toLowerCase().endsWith(suffix)));
  const bar = $("#mine-progress");
  const status = $("#mine-status");
  if (!files.length) { showError("请先选择一个含有讲话稿（.txt、.docx 等）的文件夹"); return; }
  const form = new FormData();
  files.forEach((f) => form.append("files", f, f.webkitRelativePath || f.name)); // keeps 词表/ apart
  bar.hidden = false; bar.value = 0; showError("");
  status.textContent = `正在上传 ${files.length} 个文件…`;
  try {
    let job = await upload(form, bar);
    const id = job.job;
    while (job.state === "running") {
      bar.value = 50 + (50 * job.done) / Math.max(job.total, 1);
      status.textContent = `提炼中：${job.done} / ${job.total} 篇`;
      await new Promise((r) => setTimeout(r, 300));
      job = await api(`/api/bank/jobs/${id}`);
    }
    if (job.state === "failed") throw new Error(job.error);
    bar.value = 100;
    status.textContent = `提炼完成，跳过 ${job.skipped.length} 篇${job.skipped.length ? `（${job.skipped.join("；")}）` : ""}。起草和查表述现在使用这个表述库。`;
    await refreshBank();
    refreshOutline();
    refreshPhrases();
  } catch (err) {
    status.textContent = "";
    showError(err.message);
  }
}

// ---------------------------------------------------------------- wiring

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  const outlineSoon = debounce(refreshOutline, 150);
  $("#draft-form").addEventListener("input", (e) => {
    if (["topic", "occasion", "parts", "keywords", "variant"].includes(e.target.name)) draft.partVariants = [];
    outlineSoon();
  });
  $("#draft-form").addEventListener("submit", (e) => { e.preventDefault(); refreshOutline(); });
  $("#download-draft").addEventListener("click", downloadDraft);
  const phrasesSoon = debounce(refreshPhrases, 200);
  $("#q").addEventListener("input", phrasesSoon);
  $("#kind").addEventListener("change", refreshPhrases);
  $("#speech-text").addEventListener("input", debounce(() => { $("#speech-file").value = ""; refreshStructure(); }, 400));
  $("#speech-file").addEventListener("change", refreshStructure);
  $("#download-export").addEventListener("click", downloadExport);
  $("#mine").addEventListener("click", mine);
  refreshBank();
  refreshOutline();
});
