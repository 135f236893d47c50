// advocate's embed loader: a partner page includes
//   <script src="https://ADVOCATE/embed/static/loader.js" data-partner="ID" async></script>
// and gets the widget in an <iframe> right after the script (or inside the element whose id is
// in data-target). The frame grows to fit its content when the widget reports its height.
"use strict";

(() => {
  const script = document.currentScript;
  if (!script || !script.dataset.partner) return;
  const src = new URL(`/embed/${encodeURIComponent(script.dataset.partner)}`, script.src);
  if (script.dataset.category) src.searchParams.set("category", script.dataset.category);
  const frame = document.createElement("iframe");
  frame.src = src.href;
  frame.title = script.dataset.title || "Compare plans, ranked by advocate";
  frame.style.cssText = "display:block;width:100%;border:0;";
  frame.style.height = `${Number(script.dataset.height) || 760}px`;
  const target = script.dataset.target && document.getElementById(script.dataset.target);
  if (target) target.append(frame);
  else script.after(frame);
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (event.source !== frame.contentWindow || event.origin !== src.origin) return;
    if (!data || data.advocate !== "resize" || !Number.isFinite(data.height)) return;
    frame.style.height = `${Math.min(Math.max(data.height, 200), 10000)}px`;
  });
})();
