// Copy buttons in the cite box, and pin cites ("¶ 4") from paragraph numbers.
"use strict";

(function () {
  // The words in the interface language: the cite box carries them (html/citebox.py), English by default.
  let MESSAGES = {};
  const t = (text) => MESSAGES[text] || text;

  function copyText(text, button) {
    const done = () => {
      const label = button.textContent;
      button.textContent = t("Copied");
      setTimeout(() => { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => fallbackCopy(text, done));
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } finally { area.remove(); }
  }

  function pinCite(box, number) {
    const base = box.dataset.pinCite;
    const url = box.dataset.canonical;
    const cite = base + ", ¶ " + number;
    return url ? cite + ", " + url + "#p" + number + "." : cite + ".";
  }

  function showPinCite(box, marker) {
    const number = marker.textContent.trim();
    const block = marker.closest(".numbered");
    if (!block) return;
    document.querySelectorAll(".pin-cite").forEach((old) => old.remove());
    const panel = document.createElement("div");
    panel.className = "pin-cite";
    panel.setAttribute("role", "status");
    const text = document.createElement("span");
    text.textContent = pinCite(box, number);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = t("Copy ¶") + " " + number;
    button.addEventListener("click", () => copyText(text.textContent, button));
    panel.append(t("Cite this paragraph:") + " ", text, button);
    if (block.tagName === "LI") block.append(panel); else block.after(panel);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const box = document.querySelector(".cite-box");
    if (!box) return;
    MESSAGES = JSON.parse(box.dataset.messages || "{}");
    box.querySelectorAll("button.cite-copy").forEach((button) => {
      // The reference beside the button, as the reader sees it.
      const reference = button.parentElement.querySelector(".cite-reference");
      button.addEventListener("click", () => copyText(reference.textContent, button));
    });
    document.querySelectorAll(".statement-text a.paragraph-number").forEach((marker) => {
      marker.addEventListener("click", () => showPinCite(box, marker));
    });
  });
})();
