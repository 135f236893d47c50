// advocate's widget: reads the form, asks POST /api/v1/recommendations, shows the ranked answer
// (answer.js), or asks the question the API raised. The page's CSP forbids inline script, so
// settings arrive in data- attributes. An ES module: deferred, strict, no build step.
import { answerNodes, el } from "./answer.js";

const root = document.getElementById("advocate-widget");
const $ = (id) => document.getElementById(id);
const config = root && {
  partner: root.dataset.partner,
  partnerName: root.dataset.partnerName,
  api: root.dataset.api,
  methodology: root.dataset.methodology,
  networks: JSON.parse(root.dataset.networkNames || "{}"),
};
const form = $("ask");
const results = $("results");
const title = $("results-title");
const statusLine = $("status");
const answerBox = $("answer");
const RUNNERS_UP = 3;
// Which input holds each field the API may name in an error (longest prefix wins).
const INPUTS = {
  "location.postcode": "postcode", "location.distributor": "distributor",
  "usage.annual_kwh": "annual-kwh", "usage.bill": "bill-kwh", "usage.bill.kwh": "bill-kwh",
  "usage.bill.start": "bill-start", "usage.bill.end": "bill-end", "usage.household": "people",
  "location.zip": "zip", "location.county_fips": "county", "household.members": "ages",
  "household.income": "income",
};
// Errors that are questions: the API names the field and lists the candidates.
const QUESTIONS = { "location.distributor": "distributor", "location.county_fips": "county" };
let latest = 0;

// Hidden parts are disabled too, so the browser never asks for a field nobody can see.
function toggle(part, shown) {
  part.hidden = !shown;
  if (part.tagName === "FIELDSET") part.disabled = !shown;
  else for (const input of part.querySelectorAll("input, select")) input.disabled = !shown;
}

const category = () => form.elements.category.value;
const usageForm = () => form.elements["usage-form"].value;

function showCategory() {
  for (const part of form.querySelectorAll("fieldset.category")) {
    toggle(part, part.dataset.category === category());
  }
}

function showUsage() {
  for (const part of form.querySelectorAll("div.usage")) {
    toggle(part, part.dataset.usage === usageForm());
  }
}

function forget(selectId) {
  const select = $(selectId);
  select.replaceChildren();
  select.required = false;
  toggle(select.closest(".question"), false);
}

const value = (id) => $(id).value.trim();
const number = (id) => Number(value(id));
const asked = (id) => (!$(id).disabled && value(id) ? value(id) : null);

function electricityBody() {
  const location = { postcode: value("postcode") };
  if (asked("distributor")) location.distributor = asked("distributor");
  const usage = {
    annual: () => ({ annual_kwh: number("annual-kwh") }),
    bill: () => ({
      bill: { kwh: number("bill-kwh"), start: value("bill-start"), end: value("bill-end") },
    }),
    household: () => ({ household: { people: number("people") } }),
  }[usageForm()]();
  return { category: "electricity", location, usage };
}

function healthBody() {
  const location = { zip: value("zip") };
  if (asked("county")) location.county_fips = asked("county");
  const ages = value("ages").split(/[\s,;]+/).filter(Boolean).map(Number);
  const household = { members: ages.map((age) => ({ age })) };
  if (value("income") !== "") household.income = number("income");
  return { category: "health", location, household };
}

function say(text) {
  statusLine.textContent = text;
}

function clearErrors() {
  for (const note of form.querySelectorAll(".error")) {
    note.textContent = "";
    note.hidden = true;
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}

function inputFor(field) {
  const keys = Object.keys(INPUTS).filter((key) => field === key || field.startsWith(`${key}.`));
  keys.sort((a, b) => b.length - a.length);
  const input = keys.length ? $(INPUTS[keys[0]]) : null;
  return input && !input.disabled ? input : null;
}

function markField(field, messages) {
  const input = inputFor(field);
  if (!input) return null;
  const note = $(`${input.id}-error`);
  note.textContent = [].concat(messages).join(" ");
  note.hidden = false;
  input.setAttribute("aria-invalid", "true");
  return input;
}

const sentence = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function optionFor(candidate) {
  if (typeof candidate === "string") {
    return el("option", { value: candidate, text: config.networks[candidate] || candidate });
  }
  return el("option", { value: candidate.fips, text: `${candidate.name}, ${candidate.state}` });
}

function ask(selectId, candidates, message) {
  const select = $(selectId);
  select.replaceChildren(el("option", { value: "", text: "Choose one" }),
    ...candidates.map(optionFor));
  toggle(select.closest(".question"), true);
  select.required = true;
  $(`${selectId}-hint`).textContent = sentence(message);
  answerBox.replaceChildren();
  say(`One more question: ${select.labels[0].textContent}`);
  select.focus();
}

function explain(status, payload) {
  const error = payload && payload.error
    ? payload.error : { message: `advocate answered HTTP ${status}.`, details: {} };
  const details = error.details || {};
  const fields = details.fields || {};
  const question = Object.keys(fields).find((field) => field in QUESTIONS);
  if (question && Array.isArray(details.candidates) && details.candidates.length) {
    ask(QUESTIONS[question], details.candidates, fields[question][0] || error.message);
    return;
  }
  const marked = Object.entries(fields).map(([field, messages]) => markField(field, messages))
    .filter(Boolean);
  answerBox.replaceChildren();
  if (marked.length) {
    say("Please check the answer marked in the form.");
    marked[0].focus();
  } else {
    say(sentence(error.message));
  }
}

function show(answer) {
  title.textContent = "Your best options";
  title.classList.remove("visually-hidden");
  say("");
  answerBox.replaceChildren(...answerNodes(answer, config));
  title.focus();
}

async function submit(event) {
  event.preventDefault();
  const mine = ++latest;
  clearErrors();
  const body = category() === "health" ? healthBody() : electricityBody();
  say("Ranking every plan for you…");
  results.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(config.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ ...body, partner: config.partner, limit: RUNNERS_UP }),
    });
    const payload = await response.json().catch(() => null);
    if (mine !== latest) return;
    if (response.ok) show(payload);
    else explain(response.status, payload);
  } catch {
    if (mine === latest) say("advocate could not be reached. Please try again.");
  } finally {
    if (mine === latest) results.removeAttribute("aria-busy");
  }
}

// A page that frames the widget with advocate's loader.js resizes the frame to fit.
function reportHeight() {
  if (window.parent === window) return;
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  window.parent.postMessage({ advocate: "resize", height }, "*");
}

function start() {
  for (const radio of form.elements.category) radio.addEventListener("change", showCategory);
  for (const radio of form.elements["usage-form"]) radio.addEventListener("change", showUsage);
  $("postcode").addEventListener("input", () => forget("distributor"));
  $("zip").addEventListener("input", () => forget("county"));
  form.addEventListener("submit", submit);
  showCategory();
  showUsage();
  new ResizeObserver(reportHeight).observe(document.documentElement);
}

if (root) start();
