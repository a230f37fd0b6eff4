// The page of `thidua serve`. Builds every table with textContent only:
// text from the units' workbooks is never parsed as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const KEY = "thidua-phien";
let session = null;
let view = null;
let busy = false;
let replacing = null;

const SEVERITY = { error: "Lỗi", warning: "Cảnh báo", info: "Thông tin" };
const STATUS = { missing: "Chưa nộp", rejected: "Không dùng được" };

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

function score(v) {
  return v === null || v === undefined ? "—" : String(v).replace(".", ",");
}

function megabytes(bytes) {
  return (bytes / 1048576).toLocaleString("vi-VN", { maximumFractionDigits: 1 }) + " MB";
}

async function api(method, path, body, headers) {
  const response = await fetch("/api/sessions" + path, { method, body, headers });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    const message = data && data.error ? data.error : "Máy chủ thidua không trả lời đúng (mã " + response.status + "). Hãy thử lại.";
    const error = new Error(message);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

async function start() {
  const saved = sessionStorage.getItem(KEY);
  if (saved) {
    try { show(await api("GET", "/" + saved)); return; } catch (e) { /* a new session below */ }
  }
  try {
    show(await api("POST", ""));
  } catch (e) {
    alertBox($("upload-errors"), [e.message]);
  }
}

function show(data) {
  view = data;
  session = data.session;
  sessionStorage.setItem(KEY, session);
  $("limit-file").textContent = megabytes(data.limits.file_bytes);
  showRules();
  showChoices();
  showFiles();
  showResult();
  showDownloads();
}

function showRules() {
  const r = view.rules;
  if (!r) {
    $("bloc").textContent = "Chưa có quy định chấm điểm của khối.";
    $("rules-status").textContent = (view.rules_choices || []).length
      ? "Chưa chọn tệp quy định: bấm \u201CDùng tệp này\u201D ở tệp đúng của khối trước khi gửi bảng tự chấm."
      : "Chưa có tệp quy định. Hãy chọn tệp quy định của khối (.toml) trước khi gửi bảng tự chấm.";
    return;
  }
  $("bloc").textContent = r.bloc + " — năm " + r.year + " (" + r.period + ")";
  $("rules-status").textContent = "Đang dùng tệp quy định \u201C" + r.file + "\u201D: " + r.units +
    " đơn vị thành viên, " + r.criteria + " tiêu chí. Có thể chọn tệp khác để thay.";
}

// The rules files found beside thidua when it was started without
// arguments (a double click) and there were several: one click uses one.
function showChoices() {
  const choices = view.rules_choices || [];
  const box = $("rules-choices");
  box.hidden = choices.length === 0;
  if (!choices.length) return;
  $("rules-choices-intro").textContent = view.rules
    ? "thidua tìm thấy " + choices.length + " tệp quy định (.toml) trong thư mục; có thể đổi sang tệp khác:"
    : "thidua tìm thấy " + choices.length + " tệp quy định (.toml) trong thư mục:";
  const list = box.querySelector("ul");
  list.replaceChildren();
  for (const c of choices) {
    const li = el("li", null, "choice" + (c.in_use ? " in-use" : "") + (c.error ? " unusable" : ""));
    li.dataset.file = c.file;
    const head = el("div", null, "choice-head");
    head.append(el("strong", c.file, "file"));
    if (c.folder) head.append(el("span", " trong thư mục " + c.folder, "muted"));
    li.append(head);
    if (c.error) {
      li.append(el("p", "Không dùng được: " + c.error, "why bad"));
    } else {
      li.append(el("p", c.bloc + " — năm " + c.year));
    }
    if (c.in_use) {
      li.append(el("span", "Đang dùng", "badge"));
    } else {
      const use = el("button", c.error ? "Đọc lại tệp (đã sửa)" : "Dùng tệp này", c.error ? "small secondary" : "small");
      use.type = "button";
      use.setAttribute("aria-label", (c.error ? "Đọc lại tệp quy định " : "Dùng tệp quy định ") + c.file);
      use.addEventListener("click", () => chooseRules(c.file));
      li.append(use);
    }
    list.append(li);
  }
}

async function chooseRules(file) {
  $("rules-error").hidden = true;
  try {
    show(await api("POST", "/" + session + "/rules/choose?file=" + encodeURIComponent(file)));
  } catch (e) {
    alertBox($("rules-error"), [e.message]);
    try { show(await api("GET", "/" + session)); } catch (_) { /* the message above says enough */ }
  }
}

function showFiles() {
  const table = $("files");
  const body = table.tBodies[0];
  body.replaceChildren();
  table.hidden = view.files.length === 0;
  for (const f of view.files) {
    const tr = el("tr");
    tr.append(el("td", f.name, "file"));
    const unit = f.unit_name || (f.checked ? "Chưa xác định được đơn vị" : "Chưa kiểm tra (chưa có quy định)");
    tr.append(el("td", unit, f.unit_name ? "" : "muted"));
    tr.append(el("td", f.format ? f.format.toUpperCase() : "—"));
    const enc = el("td", f.encoding || "—");
    if (f.converted) {
      enc.append(el("span", " (đã chuyển sang Unicode)", "note"));
    }
    tr.append(enc);
    tr.append(el("td", f.errors, "num" + (f.errors ? " bad" : "")));
    tr.append(el("td", f.warnings, "num" + (f.warnings ? " warn" : "")));
    const actions = el("td", null, "actions");
    const replace = el("button", "Thay tệp…", "small");
    replace.type = "button";
    replace.setAttribute("aria-label", "Thay tệp " + f.name + " bằng tệp đã sửa");
    replace.addEventListener("click", () => { replacing = f.name; $("replace-input").click(); });
    const remove = el("button", "Xóa", "small secondary");
    remove.type = "button";
    remove.setAttribute("aria-label", "Xóa tệp " + f.name);
    remove.addEventListener("click", () => removeFile(f.name));
    if (f.alternatives && !f.used) {
      // The unit sent several versions: the officer may pick this one.
      const use = el("button", "Dùng tệp này", "small");
      use.type = "button";
      use.setAttribute("aria-label", "Dùng tệp " + f.name + " cho đơn vị này, bỏ các tệp khác của đơn vị");
      use.addEventListener("click", () => useFile(f.name));
      actions.append(use);
      tr.classList.add("unused");
      tr.cells[1].append(el("span", f.excluded ? " (không dùng: đã chọn tệp khác)" : " (không dùng)", "note"));
    }
    actions.append(replace, remove);
    tr.append(actions);
    body.append(tr);
  }
}

// One issue as a list item; `file` is left out when it is the one the
// list is about.
function issueItem(issue, file) {
  const li = el("li", null, issue.severity);
  li.append(el("span", SEVERITY[issue.severity] || issue.severity, "sev"));
  const where = [];
  if (issue.file && issue.file !== file) where.push("tệp \u201C" + issue.file + "\u201D");
  if (issue.sheet) where.push("trang \u201C" + issue.sheet + "\u201D");
  if (issue.cell) where.push("ô " + issue.cell);
  if (issue.criterion) where.push("tiêu chí " + issue.criterion);
  if (where.length) li.append(el("span", where.join(", "), "where"));
  li.append(el("span", issue.message, "message"));
  const code = el("span", issue.code, "code");
  code.title = view.codes[issue.code] || "";
  li.append(code);
  return li;
}

function ranked(units) {
  return units
    .map((u, i) => ({ u, i }))
    .sort((a, b) => (a.u.rank === null ? 1e9 : a.u.rank) - (b.u.rank === null ? 1e9 : b.u.rank) || a.i - b.i)
    .map((x) => x.u);
}

function showResult() {
  const report = view.report;
  const has = report && view.files.length > 0;
  $("result-empty").hidden = has;
  $("ranking").hidden = !has;
  $("counts").hidden = !has;
  $("ranking-hint").hidden = !has;
  $("ties").hidden = true;
  $("other-issues").hidden = true;
  if (!has) return;
  const count = (sev) => report.issues.filter((i) => i.severity === sev).length;
  const submitted = report.units.filter((u) => u.status !== "missing").length;
  $("counts").textContent = "Đã tổng hợp " + view.files.length + " tệp: " + submitted + "/" + report.units.length +
    " đơn vị đã nộp; " + count("error") + " lỗi, " + count("warning") + " cảnh báo.";
  const body = $("ranking").tBodies[0];
  body.replaceChildren();
  for (const u of ranked(report.units)) {
    const issues = report.issues.filter((i) => i.unit === u.id);
    const errors = issues.filter((i) => i.severity === "error").length;
    const warnings = issues.filter((i) => i.severity === "warning").length;
    const tr = el("tr", null, "unit " + u.status);
    tr.dataset.unit = u.id;
    tr.append(el("td", u.rank === null ? "—" : u.rank + (u.tied ? "=" : ""), "num rank"));
    const name = el("td");
    const button = el("button", u.name, "link");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    name.append(button);
    if (STATUS[u.status]) name.append(el("span", " — " + STATUS[u.status], "muted"));
    if (u.disqualified) name.append(el("span", " — không đủ điều kiện khen thưởng", "bad"));
    tr.append(name);
    tr.append(el("td", score(u.self_total), "num"));
    tr.append(el("td", score(u.total), "num total"));
    tr.append(el("td", u.award || "", "award"));
    tr.append(el("td", errors, "num" + (errors ? " bad" : "")));
    tr.append(el("td", warnings, "num" + (warnings ? " warn" : "")));
    const detail = el("tr", null, "detail");
    detail.hidden = true;
    const cell = el("td");
    cell.colSpan = 7;
    if (u.file) cell.append(el("p", "Tệp dùng để tổng hợp: " + u.file, "muted"));
    for (const note of u.award_notes || []) cell.append(el("p", note, "note"));
    if (issues.length) {
      const list = el("ul", null, "issues");
      issues.forEach((i) => list.append(issueItem(i, u.file)));
      cell.append(list);
    } else {
      cell.append(el("p", u.status === "missing" ? "Đơn vị chưa nộp bảng tự chấm." : "Không có lỗi hay cảnh báo.", "muted"));
    }
    detail.append(cell);
    button.addEventListener("click", () => {
      detail.hidden = !detail.hidden;
      button.setAttribute("aria-expanded", String(!detail.hidden));
    });
    body.append(tr, detail);
  }
  $("ties").hidden = !report.units.some((u) => u.tied);
  const other = report.issues.filter((i) => !i.unit);
  if (other.length) {
    const list = $("other-issues").querySelector("ul");
    list.replaceChildren(...other.map((i) => issueItem(i)));
    $("other-issues").hidden = false;
  }
}

function showDownloads() {
  const ready = !!(view.report && view.files.length > 0 && !busy);
  const links = { "dl-workbook": "workbook.xlsx", "dl-feedback": "feedback.zip", "dl-json": "report.json" };
  for (const [id, path] of Object.entries(links)) {
    const a = $(id);
    if (ready) {
      a.href = "/api/sessions/" + session + "/" + path;
      a.removeAttribute("aria-disabled");
    } else {
      a.removeAttribute("href");
      a.setAttribute("aria-disabled", "true");
    }
  }
}

function alertBox(box, messages) {
  box.replaceChildren(...messages.map((m) => el("p", m)));
  box.hidden = messages.length === 0;
}

function setProgress(done, total, name) {
  $("progress").hidden = total === 0;
  $("progress-bar").max = Math.max(total, 1);
  $("progress-bar").value = done;
  $("progress-text").textContent = done < total
    ? "Đang gửi và kiểm tra tệp " + (done + 1) + "/" + total + ": " + name
    : "Đã gửi và kiểm tra " + total + " tệp.";
}

async function sendRules(file) {
  $("rules-error").hidden = true;
  try {
    show(await api("PUT", "/" + session + "/rules", file, { "X-File-Name": encodeURIComponent(file.name) }));
  } catch (e) {
    alertBox($("rules-error"), [e.message]);
  }
}

async function sendFiles(list, replace) {
  const files = Array.from(list);
  const rules = files.filter((f) => f.name.toLowerCase().endsWith(".toml"));
  const sheets = files.filter((f) => !f.name.toLowerCase().endsWith(".toml"));
  if (rules.length) await sendRules(rules[0]);
  if (!sheets.length) return;
  busy = true;
  showDownloads();
  const errors = [];
  const limit = view ? view.limits.file_bytes : Infinity;
  for (let i = 0; i < sheets.length; i++) {
    const file = sheets[i];
    setProgress(i, sheets.length, file.name);
    if (file.size > limit) {
      errors.push("Tệp \u201C" + file.name + "\u201D lớn hơn " + megabytes(limit) + ", quá giới hạn một tệp; chưa gửi.");
      continue;
    }
    try {
      show(await sendFile(file, replace));
    } catch (e) {
      if (e.status === 409 && e.data && e.data.existing) {
        await sameName(file, replace, e.data, errors);
        continue;
      }
      errors.push(e.message);
      if (e.status === 404) { sessionStorage.removeItem(KEY); break; }
    }
  }
  setProgress(sheets.length, sheets.length, "");
  busy = false;
  showDownloads();
  alertBox($("upload-errors"), errors);
}

function sendFile(file, replace) {
  const query = replace ? "?replace=" + encodeURIComponent(replace) : "";
  const headers = { "X-File-Name": encodeURIComponent(file.name) };
  if (file.lastModified) headers["X-File-Modified"] = String(file.lastModified);
  return api("POST", "/" + session + "/files" + query, file, headers);
}

// The server holds a file of the same name (as Windows compares names):
// ask the officer before replacing it. `replace` is the file the officer
// chose to replace ("Thay tệp…"), if any.
async function sameName(file, replace, conflict, errors) {
  const old = conflict.existing;
  const unit = conflict.unit ? "của " + conflict.unit : "chưa xác định được đơn vị";
  const question = "Tệp mới \u201C" + file.name + "\u201D trùng tên với tệp \u201C" + old +
    "\u201D đã gửi trước (" + unit + ").\n\nThay tệp cũ bằng tệp mới?\n\n" +
    "Nếu đây là tệp của một đơn vị khác, đừng thay: hãy đổi tên tệp rồi gửi lại.";
  if (!window.confirm(question)) {
    errors.push("Chưa gửi \u201C" + file.name + "\u201D: vẫn giữ tệp \u201C" + old + "\u201D đã gửi trước.");
    return;
  }
  try {
    show(await sendFile(file, old));
    // "Thay tệp…" on another file: that one goes too, as asked.
    if (replace && replace !== old && view.files.some((f) => f.name === replace)) {
      show(await api("DELETE", "/" + session + "/files?name=" + encodeURIComponent(replace)));
    }
  } catch (e) {
    errors.push(e.message);
  }
}

async function useFile(name) {
  try {
    show(await api("POST", "/" + session + "/files/use?name=" + encodeURIComponent(name)));
  } catch (e) {
    alertBox($("upload-errors"), [e.message]);
  }
}

async function removeFile(name) {
  try {
    show(await api("DELETE", "/" + session + "/files?name=" + encodeURIComponent(name)));
  } catch (e) {
    alertBox($("upload-errors"), [e.message]);
  }
}

function wire() {
  const drop = $("drop");
  const input = $("files-input");
  drop.addEventListener("click", () => input.click());
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) sendFiles(e.dataTransfer.files);
  });
  input.addEventListener("change", async () => { await sendFiles(input.files); input.value = ""; });
  $("replace-input").addEventListener("change", async () => {
    const picked = $("replace-input");
    if (picked.files.length && replacing) await sendFiles(picked.files, replacing);
    replacing = null;
    picked.value = "";
  });
  $("rules-input").addEventListener("change", async () => {
    const picked = $("rules-input");
    if (picked.files.length) await sendRules(picked.files[0]);
    picked.value = "";
  });
  for (const a of document.querySelectorAll("a[download]")) {
    a.addEventListener("click", (e) => { if (a.getAttribute("aria-disabled")) e.preventDefault(); });
  }
}

document.addEventListener("DOMContentLoaded", () => { wire(); start(); });
