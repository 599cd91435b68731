// The page of `colorize serve`: no build step, no external resources.
// Upload once (POST /api/uploads runs the network and keeps the distribution), then each
// temperature is a cheap re-decode (GET /api/uploads/{id}/color?temperature=T).
"use strict";

const $ = (id) => document.getElementById(id);
const state = { upload: null, colorUrl: null, lightUrl: null, seq: 0, timer: null };

function showError(text) {
  const box = $("error");
  box.textContent = text;
  box.hidden = !text;
}

function setStatus(text) {
  $("status").textContent = text || "";
}

async function errorText(response) {
  try {
    const body = await response.json();
    return body.message ? `${body.message} (${body.error}, HTTP ${response.status})`
                        : `HTTP ${response.status}`;
  } catch (e) {
    return `HTTP ${response.status} ${response.statusText}`;
  }
}

function replaceUrl(key, blob) {
  if (state[key]) URL.revokeObjectURL(state[key]);
  state[key] = URL.createObjectURL(blob);
  return state[key];
}

async function upload(file) {
  showError("");
  if (!file) return;
  setStatus(`Colorizing ${file.name} ...`);
  const form = new FormData();
  form.append("image", file, file.name);
  let response;
  try {
    response = await fetch("api/uploads", { method: "POST", body: form });
  } catch (e) {
    setStatus("");
    showError(`The server cannot be reached: ${e.message}`);
    return;
  }
  if (!response.ok) {
    setStatus("");
    showError(await errorText(response));
    return;
  }
  const info = await response.json();
  state.upload = info;
  const base = file.name.replace(/\.[^.]*$/, "");
  $("download").setAttribute("download", `${base}-color.png`);
  const light = await fetch(info.lightness);
  if (light.ok) $("lightness").src = replaceUrl("lightUrl", await light.blob());
  $("temperature").value = info.temperature.toFixed(2);
  await render();
  $("result").hidden = false;
}

async function render() {
  if (!state.upload) return;
  const t = Number($("temperature").value);
  $("temperature-value").textContent = t.toFixed(2);
  const seq = ++state.seq;
  setStatus(`Decoding at temperature ${t.toFixed(2)} ...`);
  const response = await fetch(`${state.upload.color}?temperature=${t}`);
  if (seq !== state.seq) return; // a newer slider position is on its way
  if (!response.ok) {
    setStatus("");
    showError(await errorText(response));
    return;
  }
  const url = replaceUrl("colorUrl", await response.blob());
  const img = $("color");
  img.dataset.temperature = t.toFixed(2);
  img.src = url;
  $("download").href = url;
  setStatus(`${state.upload.name}: ${state.upload.width} x ${state.upload.height}, temperature ${t.toFixed(2)}`);
}

$("file").addEventListener("change", (e) => upload(e.target.files[0]));
$("temperature").addEventListener("input", () => {
  $("temperature-value").textContent = Number($("temperature").value).toFixed(2);
  clearTimeout(state.timer);
  state.timer = setTimeout(render, 120);
});
const drop = $("drop");
["dragenter", "dragover"].forEach((name) => drop.addEventListener(name, (e) => {
  e.preventDefault();
  drop.classList.add("over");
}));
["dragleave", "drop"].forEach((name) => drop.addEventListener(name, (e) => {
  e.preventDefault();
  drop.classList.remove("over");
}));
drop.addEventListener("drop", (e) => upload(e.dataTransfer.files[0]));

fetch("api/info").then((r) => r.ok ? r.json() : null).then((info) => {
  if (!info) return;
  $("model").textContent = `Model: ${info.model.card || info.model.source} | ${info.backend.name} on ${info.device}`;
  // The slider spans exactly the range the API accepts.
  $("temperature").min = info.limits.minTemperature;
  $("temperature").max = info.limits.maxTemperature;
  $("temperature").value = info.model.temperature.toFixed(2);
  $("temperature-value").textContent = info.model.temperature.toFixed(2);
}).catch(() => {});
