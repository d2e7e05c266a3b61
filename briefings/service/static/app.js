// briefings UI: live build progress and new editions without a reload. Reading needs none of it.
"use strict";

function pollJob(box) {
  const id = box.dataset.job;
  const statusEl = document.getElementById("job-status");
  const noteEl = document.getElementById("job-note");
  const bar = box.querySelector(".bar");
  const tick = async () => {
    let job;
    try {
      const answer = await fetch("/api/builds/" + encodeURIComponent(id), {headers: {Accept: "application/json"}});
      if (!answer.ok) return setTimeout(tick, 2000);
      job = await answer.json();
    } catch (e) {
      return setTimeout(tick, 2000);
    }
    statusEl.textContent = job.status;
    statusEl.className = "tag tag-" + job.status;
    bar.className = "bar bar-" + job.status;
    box.dataset.status = job.status;
    const notes = {queued: "Waiting for a worker…", running: "Building…", failed: "Failed."};
    noteEl.textContent = job.status === "done"
      ? "Finished" + (job.seconds !== null ? " in " + job.seconds + " s." : ".")
      : notes[job.status];
    if (job.status === "done") showOutputs(job);
    if (job.status === "failed") showError(job.error);
    if (job.status === "queued" || job.status === "running") setTimeout(tick, 700);
  };
  tick();
}

function showOutputs(job) {
  const list = document.getElementById("job-files");
  list.replaceChildren();
  for (const output of job.outputs) list.append(fileItem(output.name, output.url, ""));
  for (const name of job.skipped) list.append(fileItem(name, "/files/" + encodeURI(name), "up to date: "));
  document.getElementById("job-outputs").hidden = false;
}

function fileItem(name, url, prefix) {
  const item = document.createElement("li");
  if (prefix) {
    const note = document.createElement("span");
    note.className = "sub";
    note.style.display = "inline";
    note.textContent = prefix;
    item.append(note);
  }
  const link = document.createElement("a");
  link.href = url;
  link.textContent = name;
  if (!name.endsWith(".html")) link.setAttribute("download", "");
  item.append(link);
  return item;
}

function showError(message) {
  const box = document.getElementById("job-error");
  box.querySelector("pre").textContent = message || "";
  box.hidden = false;
}

// Pages marked data-live swap in their fresh <main> when a build finishes.
function watchEditions() {
  let generation = Number(document.body.dataset.generation);  // as the page was rendered
  const tick = async () => {
    try {
      const state = await (await fetch("/api/state")).json();
      if (state.generation !== generation) await refreshMain();
      generation = state.generation;
    } catch (e) { /* the next tick tries again */ }
    setTimeout(tick, 3000);
  };
  setTimeout(tick, 3000);
}

async function refreshMain() {
  const answer = await fetch(location.href, {headers: {Accept: "text/html"}});
  if (!answer.ok) return;
  const fresh = new DOMParser().parseFromString(await answer.text(), "text/html");
  const main = fresh.querySelector("main");
  if (main) document.querySelector("main").replaceChildren(...main.childNodes);
}

// The meeting fields matter only for a meeting note.
function meetingFields(form) {
  const update = () => {
    const kind = form.querySelector("input[name=kind]:checked");
    for (const field of form.querySelectorAll("[data-for-kind]")) {
      field.hidden = !kind || kind.value !== field.dataset.forKind;
    }
  };
  form.addEventListener("change", update);
  update();
}

document.addEventListener("DOMContentLoaded", () => {
  const job = document.getElementById("job");
  if (job) pollJob(job);
  if (document.body.dataset.live) watchEditions();
  const form = document.getElementById("build-form");
  if (form) meetingFields(form);
});
