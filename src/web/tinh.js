// The province's page of `thidua serve` (/tinh): the Ban Thi đua – Khen
// thưởng uploads the blocs' results and gets what `thidua province` gives.
// Builds every table with textContent only: text from the blocs' files is
// never parsed as HTML.
"use strict";

const KEY = "thidua-phien-tinh";
let session = null;
let view = null;
let busy = false;
let replacing = null;

async function start() {
  const saved = sessionStorage.getItem(KEY);
  if (saved) {
    try { show(await api("GET", "/" + saved + "/province")); return; } catch (e) { /* a new session below */ }
  }
  try {
    const created = await api("POST", "");
    show(await api("GET", "/" + created.session + "/province"));
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
  showBlocs();
  showList();
  showIssues();
  showDownloads();
}

function showRules() {
  const r = view.rules;
  if (!r) {
    $("province").textContent = "Trang của Ban Thi đua – Khen thưởng tỉnh. Chưa có quy định thi đua của tỉnh.";
    $("rules-status").textContent = (view.choices || []).length
      ? "Chưa chọn tệp quy định của tỉnh: bấm \u201CDùng tệp này\u201D ở tệp đúng trước khi gửi kết quả của các khối."
      : "Chưa có tệp quy định của tỉnh. Hãy chọn tệp quy định của tỉnh (.toml) trước khi gửi kết quả của các khối.";
    return;
  }
  $("province").textContent = "Tỉnh " + r.name + " — năm " + r.year +
    (r.deadline ? " (hạn nộp " + r.deadline.split("-").reverse().join("/") + ")" : "");
  $("rules-status").textContent = "Đang dùng tệp quy định \u201C" + r.file + "\u201D: " + r.blocs +
    " khối thi đua. Có thể chọn tệp khác để thay.";
}

// The province rules files thidua was given or found beside it.
function showChoices() {
  const choices = view.choices || [];
  const box = $("rules-choices");
  box.hidden = choices.length === 0;
  if (!choices.length) return;
  $("rules-choices-intro").textContent = "thidua tìm thấy " + choices.length + " tệp quy định của tỉnh:";
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
      li.append(el("p", "Tỉnh " + c.province + " — năm " + c.year));
    }
    if (c.in_use) {
      li.append(el("span", "Đang dùng", "badge"));
    } else {
      const use = el("button", c.error ? "Đọc lại tệp (đã sửa)" : "Dùng tệp này", c.error ? "small secondary" : "small");
      use.type = "button";
      use.setAttribute("aria-label", "Dùng tệp quy định của tỉnh " + c.file);
      use.addEventListener("click", () => chooseRules(c.file));
      li.append(use);
    }
    list.append(li);
  }
}

async function chooseRules(file) {
  $("rules-error").hidden = true;
  try {
    show(await api("POST", "/" + session + "/province/rules/choose?file=" + encodeURIComponent(file)));
  } catch (e) {
    alertBox($("rules-error"), [e.message]);
  }
}

function showFiles() {
  const table = $("files");
  const body = table.tBodies[0];
  body.replaceChildren();
  table.hidden = view.files.length === 0;
  for (const f of view.files) {
    const tr = el("tr");
    tr.dataset.file = f.name;
    cell(tr, f.name, "file");
    cell(tr, f.kind || "Chờ quy định của tỉnh");
    cell(tr, f.bloc || "—");
    cell(tr, f.kind ? f.units : "—", "num");
    cell(tr, f.errors, "num" + (f.errors ? " bad" : ""));
    cell(tr, f.warnings, "num" + (f.warnings ? " warn" : ""));
    const actions = el("td", null, "actions");
    const replace = el("button", "Thay tệp…", "small secondary");
    replace.type = "button";
    replace.setAttribute("aria-label", "Thay tệp " + f.name);
    replace.addEventListener("click", () => { replacing = f.name; $("replace-input").click(); });
    const remove = el("button", "Xóa", "small secondary");
    remove.type = "button";
    remove.setAttribute("aria-label", "Xóa tệp " + f.name);
    remove.addEventListener("click", () => removeFile(f.name));
    actions.append(replace, remove);
    tr.append(actions);
    body.append(tr);
  }
}

function roman(n) {
  const table = [[10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [value, letters] of table) {
    while (n >= value) { out += letters; n -= value; }
  }
  return out;
}

// "Các khối" as the workbook shows it: a group row per bloc, then its units
// in ranking order.
function showBlocs() {
  const report = view.report;
  const table = $("blocs");
  const body = table.tBodies[0];
  body.replaceChildren();
  $("blocs-empty").hidden = !!report;
  table.hidden = !report;
  $("counts").hidden = !report;
  $("missing").hidden = true;
  if (!report) return;
  const read = report.blocs.filter((b) => b.status === "ok").length;
  $("counts").textContent = "Có " + report.blocs.length + " khối, " + read + " khối đã có kết quả; " +
    report.province.units + " đơn vị thuộc các khối đã có kết quả.";
  const missing = report.blocs.filter((b) => b.status === "missing").map((b) => b.name);
  if (missing.length) {
    $("missing").hidden = false;
    $("missing").textContent = "Các khối chưa gửi kết quả (" + missing.length + "): " + missing.join("; ") + ".";
  }
  report.blocs.forEach((b, g) => {
    const head = el("tr", null, "group" + (b.status === "missing" ? " missing" : ""));
    head.dataset.bloc = b.name;
    head.append(el("th", roman(g + 1), "num"));
    const label = el("th", view.bloc_labels[g]);
    label.colSpan = 5;
    label.scope = "colgroup";
    head.append(label);
    body.append(head);
    if (b.status === "missing") {
      const tr = el("tr", null, "unit missing");
      cell(tr, "");
      const td = el("td", "Khối chưa gửi kết quả.");
      td.colSpan = 5;
      tr.append(td);
      body.append(tr);
      return;
    }
    b.units.forEach((u, i) => {
      const tr = el("tr", null, "unit");
      cell(tr, i + 1, "num");
      cell(tr, u.name);
      cell(tr, score(u.total), "num total");
      cell(tr, u.rank === null ? "—" : u.rank, "num rank");
      cell(tr, u.award || "", u.award ? "award" : "");
      const remark = [];
      if (u.rank === null) remark.push("Chưa xếp hạng");
      if (u.disqualified) remark.push("Thuộc trường hợp không xét khen thưởng");
      cell(tr, remark.join(". "));
      body.append(tr);
    });
  });
}

// The provincial list: by award in the council's order, then by bloc and
// rank; each award with its provincial limit.
function showList() {
  const report = view.report;
  const proposals = report ? report.proposals : [];
  const table = $("list");
  const body = table.tBodies[0];
  body.replaceChildren();
  const awards = $("awards");
  awards.replaceChildren();
  $("list-empty").hidden = proposals.length > 0;
  table.hidden = proposals.length === 0;
  awards.hidden = !report || report.province.awards.length === 0;
  if (!report) return;
  for (const a of report.province.awards) {
    const limit = a.limit === null ? "không giới hạn toàn tỉnh" : "chỉ tiêu toàn tỉnh " + a.limit;
    const li = el("li", a.name + ": " + a.proposed + " đề nghị (" + limit + ")");
    if (a.limit !== null && a.proposed > a.limit) li.className = "bad";
    awards.append(li);
  }
  let award = null;
  let n = 0;
  for (const p of proposals) {
    if (p.award !== award) {
      award = p.award;
      n = 0;
      const head = el("tr", null, "group");
      head.dataset.award = p.award;
      const th = el("th", p.award);
      th.colSpan = 6;
      th.scope = "colgroup";
      head.append(th);
      body.append(head);
    }
    n += 1;
    const tr = el("tr", null, "proposal");
    cell(tr, n, "num");
    cell(tr, p.unit);
    cell(tr, p.bloc);
    cell(tr, score(p.total), "num");
    cell(tr, p.rank === null ? "—" : p.rank, "num");
    cell(tr, p.findings.map((c) => view.codes[c] || c).join("; "), p.findings.length ? "warn" : "");
    body.append(tr);
  }
}

function issueItem(issue) {
  const li = el("li", null, issue.severity);
  li.append(el("span", SEVERITY[issue.severity] || issue.severity, "sev"));
  const where = [];
  if (issue.file) where.push("tệp \u201C" + issue.file + "\u201D");
  if (issue.sheet) where.push("trang \u201C" + issue.sheet + "\u201D");
  if (issue.cell) where.push("ô " + issue.cell);
  if (where.length) li.append(el("span", where.join(", "), "where"));
  li.append(el("span", issue.message, "message"));
  const code = el("span", issue.code, "code");
  code.title = view.codes[issue.code] || "";
  li.append(code);
  return li;
}

function showIssues() {
  const issues = view.report ? view.report.issues : [];
  const list = $("issues");
  list.replaceChildren(...issues.map(issueItem));
  list.hidden = issues.length === 0;
  $("issues-empty").hidden = issues.length > 0;
  const count = (s) => issues.filter((i) => i.severity === s).length;
  $("issues-counts").hidden = !view.report;
  $("issues-counts").textContent = issues.length
    ? "Có " + count("error") + " lỗi, " + count("warning") + " cảnh báo, " + count("info") + " thông tin."
    : "Không có lỗi hay cảnh báo nào.";
}

function showDownloads() {
  const ready = !!(view.report && view.files.length > 0 && !busy);
  const links = { "dl-workbook": "province/workbook.xlsx", "dl-json": "province/report.json" };
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

function setProgress(done, total, name) {
  $("progress").hidden = total === 0;
  $("progress-bar").max = Math.max(total, 1);
  $("progress-bar").value = done;
  $("progress-text").textContent = done < total
    ? "Đang gửi và đọc tệp " + (done + 1) + "/" + total + ": " + name
    : "Đã gửi và đọc " + total + " tệp.";
}

async function sendRules(file) {
  $("rules-error").hidden = true;
  try {
    show(await api("PUT", "/" + session + "/province/rules", file, { "X-File-Name": encodeURIComponent(file.name) }));
  } catch (e) {
    alertBox($("rules-error"), [e.message]);
  }
}

function sendFile(file, replace) {
  const query = replace ? "?replace=" + encodeURIComponent(replace) : "";
  return api("POST", "/" + session + "/province/files" + query, file, { "X-File-Name": encodeURIComponent(file.name) });
}

// Send the files one at a time; a .toml goes as the province's rules.
async function sendFiles(list, replace) {
  const files = Array.from(list);
  const isToml = (f) => f.name.toLowerCase().endsWith(".toml");
  const rules = files.filter(isToml);
  const results = files.filter((f) => !isToml(f));
  if (rules.length) await sendRules(rules[0]);
  if (!results.length) return;
  busy = true;
  showDownloads();
  const errors = [];
  const limit = view ? view.limits.file_bytes : Infinity;
  for (let i = 0; i < results.length; i++) {
    const file = results[i];
    setProgress(i, results.length, file.name);
    if (file.size > limit) {
      errors.push("Tệp \u201C" + file.name + "\u201D lớn hơn " + megabytes(limit) + ", quá giới hạn một tệp; chưa gửi.");
      continue;
    }
    try {
      show(await sendFile(file, replace));
    } catch (e) {
      if (e.status === 409 && e.data && e.data.existing) {
        await sameName(file, replace, e.data.existing, errors);
        continue;
      }
      errors.push(e.message);
      if (e.status === 404) { sessionStorage.removeItem(KEY); break; }
    }
  }
  setProgress(results.length, results.length, "");
  busy = false;
  showDownloads();
  alertBox($("upload-errors"), errors);
}

// The server holds a file of the same name: ask before replacing it.
async function sameName(file, replace, old, errors) {
  const question = "Tệp mới \u201C" + file.name + "\u201D trùng tên với tệp \u201C" + old +
    "\u201D đã gửi trước.\n\nThay tệp cũ bằng tệp mới?\n\n" +
    "Nếu đây là kết quả của một khối khác, đừng thay: hãy đổi tên tệp rồi gửi lại.";
  if (!window.confirm(question)) {
    errors.push("Chưa gửi \u201C" + file.name + "\u201D: vẫn giữ tệp \u201C" + old + "\u201D đã gửi trước.");
    return;
  }
  try {
    show(await sendFile(file, old));
    if (replace && replace !== old && view.files.some((f) => f.name === replace)) {
      show(await api("DELETE", "/" + session + "/province/files?name=" + encodeURIComponent(replace)));
    }
  } catch (e) {
    errors.push(e.message);
  }
}

async function removeFile(name) {
  try {
    show(await api("DELETE", "/" + session + "/province/files?name=" + encodeURIComponent(name)));
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
