// relance dashboard: the little behaviour the pages have. No inline script anywhere (CSP).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A filter select applies itself: one click fewer for the operator.
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // "/" jumps to the search box, as in most list UIs.
  const search = document.querySelector(".filters input[type=search]");
  document.addEventListener("keydown", (event) => {
    if (search && event.key === "/" && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });
  // One recording at a time: starting one pauses the others.
  const players = [...document.querySelectorAll("audio.recording")];
  for (const player of players) {
    player.addEventListener("play", () => {
      for (const other of players) {
        if (other !== player) other.pause();
      }
    });
  }
});
