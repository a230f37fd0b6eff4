// What the bloc's page (trang.js) and the province's page (tinh.js) of
// `thidua serve` share: building elements with textContent only (text from
// the units' and blocs' files is never parsed as HTML), numbers as the
// pages show them, and the API call. Loaded before either page's script.
"use strict";

const $ = (id) => document.getElementById(id);

const SEVERITY = { error: "Lỗi", warning: "Cảnh báo", info: "Thông tin" };

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

function cell(tr, text, cls) {
  tr.append(el("td", text, cls));
}

function alertBox(box, messages) {
  box.replaceChildren(...messages.map((m) => el("p", m)));
  box.hidden = messages.length === 0;
}
