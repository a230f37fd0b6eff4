// The page of `thidua serve`. Builds every table with textContent only:
// text from the units' workbooks is never parsed as HTML.
"use strict";

const KEY = "thidua-phien";
let session = null;
let view = null;
let busy = false;
let replacing = null;
// Figures typed in the forms of step 6 but not sent yet ("award/returned",
// "award/unit" → text): a redraw (a ballot sent meanwhile) keeps them.
let drafts = {};

const STATUS = { missing: "Chưa nộp", rejected: "Không dùng được" };

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
  showPast();
  showResult();
  showDownloads();
  showSlates();
  showBallots();
  showCount(view.vote.count);
  showTyped();
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
  $("measures").hidden = true;
  if (!has) return;
  const count = (sev) => report.issues.filter((i) => i.severity === sev).length;
  const submitted = report.units.filter((u) => u.status !== "missing").length;
  $("counts").textContent = "Đã tổng hợp " + view.files.length + " tệp: " + submitted + "/" + report.units.length +
    " đơn vị đã nộp; " + count("error") + " lỗi, " + count("warning") + " cảnh báo.";
  const columns = view.past.columns;
  pastHeaders(columns);
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
    const past = view.past.units[u.id] || [];
    for (const year of columns) {
      const found = past.find((p) => p.year === year);
      tr.append(el("td", found ? found.label : "—", "past-year" + (found ? "" : " muted")));
    }
    tr.append(el("td", errors, "num" + (errors ? " bad" : "")));
    tr.append(el("td", warnings, "num" + (warnings ? " warn" : "")));
    const detail = el("tr", null, "detail");
    detail.hidden = true;
    const cell = el("td");
    cell.colSpan = 7 + columns.length;
    if (u.file) cell.append(el("p", "Tệp dùng để tổng hợp: " + u.file, "muted"));
    for (const note of u.award_notes || []) cell.append(el("p", note, "note"));
    const figures = figuresTable(u);
    if (figures) cell.append(figures);
    if (past.length) {
      cell.append(el("p", "Kết quả các năm trước: " + past.map((p) => "năm " + p.year + ": " + p.label).join("; ") + ".", "past-line"));
    }
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
  showMeasures();
  const other = report.issues.filter((i) => !i.unit && !isPastFinding(i));
  if (other.length) {
    const list = $("other-issues").querySelector("ul");
    list.replaceChildren(...other.map((i) => issueItem(i)));
    $("other-issues").hidden = false;
  }
}

// The ranking table's header with one column per past year in `years`
// (those of a former drawing removed), before the counts of findings.
function pastHeaders(years) {
  const head = $("ranking").tHead.rows[0];
  for (const th of Array.from(head.querySelectorAll("th.past-year"))) th.remove();
  const before = head.cells[5];
  for (const year of years) {
    const th = el("th", "Năm " + year, "past-year");
    th.scope = "col";
    head.insertBefore(th, before);
  }
}

// A unit's criteria scored against the bloc: its figure, the score
// computed from it and the score it typed itself (not counted); null
// when the rules have none or the unit has no usable submission.
function figuresTable(u) {
  if (!view.measures.length || u.status !== "ok") return null;
  const [table, body] = grid("Số liệu và điểm tính được của " + u.name,
    [["Tiêu chí", ""], ["Số liệu", "num"], ["Điểm tính được", "num"], ["Điểm đơn vị tự ghi (không tính)", "num"]]);
  table.classList.add("figures-table");
  for (const m of view.measures) {
    const pair = u.scores[m.code] || {};
    const tr = el("tr");
    tr.dataset.criterion = m.code;
    cell(tr, m.code + " " + m.title);
    const figure = m.figures[u.id];
    cell(tr, figure === undefined ? "không có số liệu" : figure, "num figure" + (figure === undefined ? " warn" : ""));
    cell(tr, score(pair.self), "num computed");
    cell(tr, score(pair.typed), "num typed");
    body.append(tr);
  }
  const box = el("div", null, "unit-figures");
  box.append(el("p", "Tiêu chí tính điểm theo số liệu của khối:"), table);
  return box;
}

// How the criteria scored against the bloc were computed (best figure or
// target, the formula in Vietnamese).
function showMeasures() {
  const box = $("measures");
  box.hidden = view.measures.length === 0;
  const list = box.querySelector("ul");
  list.replaceChildren();
  for (const m of view.measures) {
    const li = el("li");
    li.dataset.criterion = m.code;
    li.append(el("strong", m.code + " " + m.title));
    li.append(el("span", " — " + (m.basis || m.label), "kind"));
    li.append(el("span", m.formula, "formula"));
    list.append(li);
  }
}

// Whether an issue is about the past years (shown with their files).
function isPastFinding(issue) {
  return issue.code.startsWith("history-");
}

// The past years' reports sent (kết quả các năm trước), what each gives
// and every finding about them.
function showPast() {
  const past = view.past;
  const table = $("past-files");
  const body = table.tBodies[0];
  body.replaceChildren();
  table.hidden = past.files.length === 0;
  for (const f of past.files) {
    const tr = el("tr");
    tr.dataset.file = f.name;
    cell(tr, f.name, "file");
    cell(tr, f.year === null ? "—" : f.year, "num");
    cell(tr, f.bloc || "—");
    const use = !view.rules ? "Chưa xét (chưa có quy định)"
      : f.used ? "Đang dùng" : "Không dùng (xem cảnh báo)";
    cell(tr, use, f.used ? "award" : (view.rules ? "warn" : "muted"));
    cell(tr, f.warnings, "num" + (f.warnings ? " warn" : ""));
    cell(tr, f.infos, "num");
    const actions = el("td", null, "actions");
    const remove = el("button", "Xóa", "small secondary");
    remove.type = "button";
    remove.setAttribute("aria-label", "Xóa báo cáo năm trước " + f.name);
    remove.addEventListener("click", () => removePast(f.name));
    actions.append(remove);
    tr.append(actions);
    body.append(tr);
  }
  const issues = view.report ? view.report.issues.filter(isPastFinding) : [];
  const status = $("past-status");
  if (!past.files.length) {
    status.textContent = "Chưa có báo cáo năm trước nào: bảng xếp hạng không có các cột năm trước.";
  } else if (!view.rules) {
    status.textContent = "Các báo cáo năm trước được xét khi đã có quy định của khối.";
  } else if (past.years.length) {
    status.textContent = "Đang dùng kết quả " + past.years.length + " năm: " + past.years.join(", ") + ".";
  } else {
    status.textContent = "Chưa dùng được báo cáo năm trước nào (xem các điểm cần xử lý bên dưới).";
  }
  if (issues.some((i) => i.code === "history-condition-unchecked")) {
    status.append(el("span", " Quy định của khối có điều kiện khen thưởng theo kết quả các năm trước: hãy gửi ở đây báo cáo của đủ các năm điều kiện cần xét.", "warn"));
  }
  const list = $("past-issues");
  list.replaceChildren(...issues.map((i) => issueItem(i)));
  list.hidden = issues.length === 0;
}

async function sendPasts(list) {
  await sendEach(Array.from(list), "past-progress", "tệp", "past-errors", (file) => sendPast(file), samePast);
}

function sendPast(file, replace) {
  const query = replace ? "?replace=" + encodeURIComponent(replace) : "";
  return api("POST", "/" + session + "/history" + query, file, { "X-File-Name": encodeURIComponent(file.name) });
}

// A past year's report of the same name is there: ask before replacing it.
async function samePast(file, conflict, errors) {
  const old = conflict.existing;
  if (!window.confirm("Đã có báo cáo năm trước “" + old + "”.\n\nThay tệp cũ bằng tệp “" + file.name + "”?")) {
    errors.push("Chưa gửi “" + file.name + "”: vẫn giữ tệp “" + old + "” đã gửi trước.");
    return;
  }
  try {
    show(await sendPast(file, old));
  } catch (e) {
    errors.push(e.message);
  }
}

async function removePast(name) {
  try {
    show(await api("DELETE", "/" + session + "/history?name=" + encodeURIComponent(name)));
  } catch (e) {
    alertBox($("past-errors"), [e.message]);
  }
}

function showDownloads() {
  const ready = !!(view.report && view.files.length > 0 && !busy);
  const links = {
    "dl-workbook": "workbook.xlsx", "dl-feedback": "feedback.zip", "dl-json": "report.json", "dl-ballots": "ballots.xlsx",
    "dl-count-sheet": "count-sheet.xlsx",
  };
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

// The progress of an upload of several files: `id` is the box ("progress",
// "ballot-progress"), `words` what is sent ("tệp" / "phiếu").
function setProgress(id, words, done, total, name) {
  $(id).hidden = total === 0;
  $(id + "-bar").max = Math.max(total, 1);
  $(id + "-bar").value = done;
  $(id + "-text").textContent = done < total
    ? "Đang gửi và kiểm tra " + words + " " + (done + 1) + "/" + total + ": " + name
    : "Đã gửi và kiểm tra " + total + " " + words + ".";
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
  const ends = (f, ext) => f.name.toLowerCase().endsWith(ext);
  const rules = files.filter((f) => ends(f, ".toml"));
  // Past years' reports dropped with the sheets go where they belong.
  const pasts = files.filter((f) => ends(f, ".json"));
  const sheets = files.filter((f) => !ends(f, ".toml") && !ends(f, ".json"));
  if (rules.length) await sendRules(rules[0]);
  if (pasts.length && !replace) await sendPasts(pasts);
  await sendEach(sheets, "progress", "tệp", "upload-errors", (file) => sendFile(file, replace),
    (file, conflict, errors) => sameName(file, replace, conflict, errors));
}

// Send `files` one at a time with `send`, the progress in the box `box`
// ("progress", "ballot-progress") counting them as `words` ("tệp",
// "phiếu"), what went wrong in the box `errorsBox`; a 409 for a file of
// the same name goes to `conflict`.
async function sendEach(files, box, words, errorsBox, send, conflict) {
  if (!files.length) return;
  busy = true;
  showDownloads();
  const errors = [];
  const limit = view ? view.limits.file_bytes : Infinity;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    setProgress(box, words, i, files.length, file.name);
    if (file.size > limit) {
      errors.push("Tệp \u201C" + file.name + "\u201D lớn hơn " + megabytes(limit) + ", quá giới hạn một tệp; chưa gửi.");
      continue;
    }
    try {
      show(await send(file));
    } catch (e) {
      if (e.status === 409 && e.data && e.data.existing) {
        await conflict(file, e.data, errors);
        continue;
      }
      errors.push(e.message);
      if (e.status === 404) { sessionStorage.removeItem(KEY); break; }
    }
  }
  setProgress(box, words, files.length, files.length, "");
  busy = false;
  showDownloads();
  alertBox($(errorsBox), errors);
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

// A drop zone: files dropped on it, or picked with `input` (a click, Enter
// or Space on it), go to `send`.
function wireDrop(drop, input, send) {
  drop.addEventListener("click", () => input.click());
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) send(e.dataTransfer.files);
  });
  input.addEventListener("change", async () => { await send(input.files); input.value = ""; });
}

function wire() {
  wireDrop($("drop"), $("files-input"), sendFiles);
  wireDrop($("ballot-drop"), $("ballots-input"), sendBallots);
  wireDrop($("past-drop"), $("past-input"), sendPasts);
  $("typed-clear").addEventListener("click", clearTyped);
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

// The year-end vote (bỏ phiếu suy tôn): the ballots' candidates, the
// filled ballots sent, their count.

// A table named `caption` (for screen readers) with the header cells
// `columns` ([text, class]…): the table and its empty body.
function grid(caption, columns) {
  const table = el("table", null, "grid");
  table.append(el("caption", caption, "visually-hidden"));
  const head = el("tr");
  for (const [text, cls] of columns) {
    const th = el("th", text, cls);
    th.scope = "col";
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  table.append(thead, body);
  return [table, body];
}

// Each award's candidates, as the ballots list them (what `thidua ballots`
// prints).
function showSlates() {
  const v = view.vote;
  const ready = !!(view.report && view.files.length > 0);
  $("ballots-empty").hidden = ready;
  $("ballots-ready").hidden = !ready;
  const box = $("slates");
  box.replaceChildren();
  if (!ready) return;
  if (!v.annual || !v.slates.length) {
    box.append(el("p", v.annual
      ? "Quy định của khối không có hình thức khen thưởng nào để bỏ phiếu."
      : "Kỳ sơ kết 6 tháng không xét đề nghị khen thưởng nên không bỏ phiếu suy tôn.", "muted"));
    return;
  }
  v.slates.forEach((slate, i) => {
    const part = el("div", null, "slate");
    part.dataset.award = slate.award;
    part.append(el("h3", "Phiếu " + (i + 1) + ": " + slate.award));
    if (!slate.candidates.length) {
      part.append(el("p", "Không có đơn vị đủ điều kiện đề nghị; không bỏ phiếu hình thức này.", "muted"));
      box.append(part);
      return;
    }
    part.append(el("p", slate.candidates.length + " đơn vị đề cử, " + slate.places +
      " suất; mỗi phiếu chọn nhiều nhất " + slate.ticks + " đơn vị."));
    const [table, body] = grid("Danh sách đề cử " + slate.award,
      [["STT", "num"], ["Đơn vị", ""], ["Tổng điểm", "num"], ["Xếp hạng", "num"], ["Ghi chú", ""]]);
    slate.candidates.forEach((c, n) => {
      const tr = el("tr");
      tr.dataset.unit = c.unit;
      cell(tr, n + 1, "num");
      cell(tr, c.name);
      cell(tr, score(c.total), "num total");
      cell(tr, c.rank === null ? "—" : c.rank, "num");
      cell(tr, c.tied ? "Bằng điểm" : "", c.tied ? "warn" : "");
      body.append(tr);
    });
    part.append(table);
    box.append(part);
  });
}

function showBallots() {
  const ready = !!(view.report && view.files.length > 0);
  $("ballot-drop").hidden = !ready;
  $("count-empty").hidden = view.vote.ballots.length > 0;
  const table = $("ballot-files");
  const body = table.tBodies[0];
  body.replaceChildren();
  table.hidden = view.vote.ballots.length === 0;
  for (const b of view.vote.ballots) {
    const tr = el("tr");
    cell(tr, b.name, "file");
    cell(tr, b.sheets, "num" + (b.sheets ? "" : " bad"));
    cell(tr, b.findings, "num" + (b.findings ? " warn" : ""));
    const actions = el("td", null, "actions");
    const remove = el("button", "Xóa", "small secondary");
    remove.type = "button";
    remove.setAttribute("aria-label", "Xóa phiếu " + b.name);
    remove.addEventListener("click", () => removeBallot(b.name));
    actions.append(remove);
    tr.append(actions);
    body.append(tr);
  }
}

// "55,6%": the share of `agree` in `base`, one decimal, rounded half up
// (as `thidua tally` and the minutes write it).
function percent(agree, base) {
  if (!base) return "—";
  const tenths = Math.floor((agree * 1000 + Math.floor(base / 2)) / base);
  return Math.floor(tenths / 10) + "," + (tenths % 10) + "%";
}

// The count (`thidua tally`'s, with each award's threshold in words); the
// same drawing serves whatever gave it.
function showCount(count) {
  const box = $("count");
  box.replaceChildren();
  $("proposals").hidden = true;
  $("ballot-issues").hidden = true;
  $("list-changed").hidden = true;
  if (!count) return;
  const proposed = [];
  const undecided = [];
  for (const a of count.awards) {
    const part = el("div", null, "award-count");
    part.dataset.award = a.award;
    part.append(el("h3", a.award));
    part.append(el("p", "Phát ra " + a.issued + ", thu về " + a.returned + ", hợp lệ " + a.valid +
      ", không hợp lệ " + a.invalid + ".", "figures"));
    part.append(el("p", a.places + " suất; " + a.rule + "." +
      (a.quorate ? "" : " Số phiếu thu về chưa đủ tỷ lệ tối thiểu theo quy định của khối: chưa quyết định."), "note"));
    const [table, body] = grid("Kết quả kiểm phiếu " + a.award,
      [["Đơn vị", ""], ["Xếp hạng", "num"], ["Đồng ý", "num"], ["Tỷ lệ", "num"], ["Kết quả", ""]]);
    for (const c of a.candidates) {
      const tr = el("tr");
      tr.dataset.unit = c.unit;
      cell(tr, c.name);
      cell(tr, c.rank === null ? "—" : c.rank, "num");
      cell(tr, c.agree + "/" + a.base, "num agree");
      cell(tr, percent(c.agree, a.base), "num");
      cell(tr, view.vote.outcomes[c.outcome] || c.outcome, "outcome " + c.outcome);
      body.append(tr);
      if (c.outcome === "proposed") proposed.push(c.name + " — " + a.award);
      if (c.outcome === "undecided") undecided.push(c.name + " — " + a.award);
    }
    part.append(table);
    box.append(part);
  }
  if (!count.awards.length) box.append(el("p", "Chưa có hình thức nào được kiểm phiếu.", "muted"));
  $("proposed").replaceChildren(...(proposed.length ? proposed : ["(chưa có đơn vị nào)"]).map((p) => el("li", p)));
  $("undecided").replaceChildren(...undecided.map((u) => el("li", u)));
  $("undecided-title").hidden = undecided.length === 0;
  $("proposals").hidden = false;
  if (count.issues.length) {
    $("ballot-issues").querySelector("ul").replaceChildren(...count.issues.map((i) => issueItem(i)));
    $("ballot-issues").hidden = false;
  }
  const changed = count.issues.filter((i) => i.code === "ballot-list-changed");
  const typedChanged = count.issues.filter((i) => i.code === "count-list-changed");
  if (changed.length || typedChanged.length) {
    const awards = Array.from(new Set(changed.concat(typedChanged).map((i) => i.params.award)));
    const what = [];
    if (changed.length) what.push(changed.length + " trang phiếu");
    if (typedChanged.length) what.push("số liệu kiểm phiếu của " + typedChanged.length + " hình thức");
    $("list-changed").textContent = "Danh sách đề cử đã thay đổi so với phiếu đã in (các bảng tự chấm đã thay đổi sau khi in phiếu): " +
      what.join(" và ") + " không còn khớp. Kết quả dưới đây vẫn kiểm theo danh sách cũ; hãy tải phiếu bầu mới, bỏ phiếu lại và nhập lại số liệu: " +
      awards.join("; ") + ".";
    $("list-changed").hidden = false;
  }
}

async function sendBallots(list) {
  await sendEach(Array.from(list), "ballot-progress", "phiếu", "ballot-errors", (file) => sendBallot(file), sameBallot);
}

// A ballot of the same name is there: ask before replacing it.
async function sameBallot(file, conflict, errors) {
  const old = conflict.existing;
  if (!window.confirm("Đã có phiếu \u201C" + old + "\u201D.\n\nThay phiếu cũ bằng tệp \u201C" + file.name + "\u201D?")) {
    errors.push("Chưa gửi \u201C" + file.name + "\u201D: vẫn giữ phiếu \u201C" + old + "\u201D đã gửi trước.");
    return;
  }
  try {
    show(await sendBallot(file, old));
  } catch (e) {
    errors.push(e.message);
  }
}

function sendBallot(file, replace) {
  const query = replace ? "?replace=" + encodeURIComponent(replace) : "";
  return api("POST", "/" + session + "/ballots" + query, file, { "X-File-Name": encodeURIComponent(file.name) });
}

async function removeBallot(name) {
  try {
    show(await api("DELETE", "/" + session + "/ballots?name=" + encodeURIComponent(name)));
  } catch (e) {
    alertBox($("ballot-errors"), [e.message]);
  }
}

// The figures the counting committee typed (số liệu kiểm phiếu nhập trên
// trang): a form per award with candidates, filled back from what the
// session keeps; a blank input stays blank (null), never 0.
function showTyped() {
  const v = view.vote;
  const slates = (view.report && view.files.length > 0 && v.annual) ? v.slates : [];
  const awards = slates.map((slate, index) => ({ slate, index })).filter((a) => a.slate.candidates.length);
  $("typed").hidden = awards.length === 0;
  $("typed-clear-row").hidden = v.typed.length === 0;
  const box = $("typed-forms");
  box.replaceChildren();
  const issues = v.count ? v.count.issues : [];
  for (const { slate, index } of awards) {
    const kept = v.typed.find((t) => t.award === index) || null;
    const form = el("form", null, "typed-form");
    form.dataset.award = slate.award;
    form.dataset.index = index;
    form.noValidate = true;
    const fieldset = el("fieldset");
    fieldset.append(el("legend", "Phiếu " + (index + 1) + ": " + slate.award));
    fieldset.append(el("p", "Số phiếu phát ra: " + v.issued + ".", "issued"));
    const missing = issues.filter((i) => i.code === "count-figure-blank" && !i.file && i.params.award === slate.award);
    const blank = (what, unit) => missing.some((i) => i.params.what === what && (what !== "agree" || i.params.unit === unit));
    const figures = el("div", null, "figures-row");
    figures.append(
      figureInput(index, "Số phiếu thu về", "returned", kept && kept.returned, blank("returned")),
      figureInput(index, "Số phiếu không hợp lệ", "invalid", kept && kept.invalid, blank("invalid")));
    fieldset.append(figures);
    const [table, body] = grid("Số phiếu đồng ý " + slate.award,
      [["Đơn vị", ""], ["Xếp hạng", "num"], ["Số phiếu đồng ý", "num"]]);
    for (const c of slate.candidates) {
      const tr = el("tr");
      tr.dataset.unit = c.unit;
      cell(tr, c.name);
      cell(tr, c.rank === null ? "—" : c.rank, "num");
      const line = kept && kept.candidates.find((k) => k.unit === c.unit);
      const td = el("td", null, "num");
      td.append(figureInput(index, "Số phiếu đồng ý của " + c.name, "agree", line ? line.agree : null, blank("agree", c.name), c.unit, true));
      tr.append(td);
      body.append(tr);
    }
    fieldset.append(table);
    if (missing.length) {
      const list = el("ul", null, "issues form-issues");
      list.setAttribute("role", "status");
      list.append(...missing.map((i) => issueItem(i)));
      fieldset.append(list);
    }
    const submit = el("button", "Tính kết quả");
    submit.type = "submit";
    fieldset.append(submit);
    form.append(fieldset);
    form.addEventListener("submit", (e) => { e.preventDefault(); sendTyped(); });
    box.append(form);
  }
}

// One figure's input of the award `award`: labelled `label`, named
// `name`, showing what was typed and not sent yet, else `value` (blank
// when null); `bad` marks it as left blank in a form typed in part.
function figureInput(award, label, name, value, bad, unit, hideLabel) {
  const wrap = el("label", null, "figure");
  const text = el("span", label, hideLabel ? "visually-hidden" : "");
  const input = el("input");
  input.type = "text";
  input.name = name;
  input.setAttribute("inputmode", "numeric");
  input.autocomplete = "off";
  input.size = 5;
  const key = award + "/" + (unit || name);
  input.value = key in drafts ? drafts[key] : (value === null || value === undefined ? "" : String(value));
  input.addEventListener("input", () => { drafts[key] = input.value; });
  if (unit) input.dataset.unit = unit;
  if (bad) input.setAttribute("aria-invalid", "true");
  wrap.append(text, input);
  return wrap;
}

// What an input holds as sent: null when blank, a number when digits
// only, else the text as typed (the server says why it is refused).
function typedValue(input) {
  const text = input.value.trim();
  if (text === "") return null;
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

// Every form's figures sent together; the count comes back with the view.
async function sendTyped() {
  const body = Array.from($("typed-forms").querySelectorAll("form")).map((form) => ({
    award: Number(form.dataset.index),
    returned: typedValue(form.elements.namedItem("returned")),
    invalid: typedValue(form.elements.namedItem("invalid")),
    candidates: Array.from(form.querySelectorAll("input[name=agree]")).map((input) => ({
      unit: input.dataset.unit, agree: typedValue(input),
    })),
  }));
  alertBox($("typed-errors"), []);
  try {
    const data = await api("PUT", "/" + session + "/count", JSON.stringify(body), { "Content-Type": "application/json" });
    drafts = {};
    show(data);
  } catch (e) {
    alertBox($("typed-errors"), [e.message]);
  }
}

async function clearTyped() {
  alertBox($("typed-errors"), []);
  try {
    const data = await api("DELETE", "/" + session + "/count");
    drafts = {};
    show(data);
  } catch (e) {
    alertBox($("typed-errors"), [e.message]);
  }
}

document.addEventListener("DOMContentLoaded", () => { wire(); start(); });
