// microintern serve: the page's own behaviour (no inline scripts: the page's
// Content-Security-Policy allows scripts from this server only).
"use strict";

function focusTerminal() {
  const input = document.querySelector(".xterm-helper-textarea");
  if (input) {
    input.blur();
    input.focus();
  }
}

// Keys go to the app from the start, without a click on the terminal first. textual.js
// opens the terminal in its window.onload, which runs before this listener. Focus is given
// again once the app has drawn, so that the app hears of it (a focus before its websocket
// is open is lost, and the app then shows no keys in its footer).
window.addEventListener("load", () => {
  focusTerminal();
  const body = document.body;
  const drawn = new MutationObserver(() => {
    if (body.classList.contains("-first-byte")) {
      drawn.disconnect();
      focusTerminal();
    }
  });
  drawn.observe(body, { attributes: true, attributeFilter: ["class"] });
});

document.addEventListener("DOMContentLoaded", () => {
  const restart = document.getElementById("restart");
  if (restart) {
    restart.addEventListener("click", () => window.location.reload());
  }
});
