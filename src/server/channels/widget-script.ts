/**
 * The source of /widget.js (src/app/widget.js/route.ts), plain ES2017 for any browser a
 * customer has. Kept as a string: it runs on the tenant's page, never in the app.
 */
export const WIDGET_SCRIPT = String.raw`(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var assetId = script.getAttribute("data-switchboard-chat");
  var say = function (text) { if (window.console) console.warn("Switchboard chat: " + text); };
  if (!assetId) return say('the script tag needs data-switchboard-chat="<channel ID>"');
  if (document.querySelector('[data-switchboard-chat-widget="' + assetId.replace(/"/g, "") + '"]')) return;
  var base = new URL(script.src).origin;

  fetch(base + "/api/v1/channels/" + encodeURIComponent(assetId) + "/widget", { credentials: "omit" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (widget) {
      if (document.body) mount(widget);
      else document.addEventListener("DOMContentLoaded", function () { mount(widget); });
    })
    .catch(function (error) {
      say("not shown here. This page's origin (" + location.origin + ") may not embed this chat (add it to the channel's allowed origins), or the channel does not exist (" + error.message + ").");
    });

  function css(element, styles) {
    for (var key in styles) element.style.setProperty(key, styles[key]);
    return element;
  }

  function mount(widget) {
    var left = widget.launcherPosition === "bottom-left";
    var side = left ? "left" : "right";
    var host = document.createElement("div");
    host.setAttribute("data-switchboard-chat-widget", assetId);
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

    var panel = css(document.createElement("div"), {
      position: "fixed", bottom: "88px", width: "380px", height: "600px", "max-width": "calc(100vw - 32px)",
      "max-height": "calc(100vh - 112px)", "border-radius": "12px", overflow: "hidden", background: "#fff",
      "box-shadow": "0 12px 40px rgba(15, 23, 42, 0.25)", display: "none", "z-index": "2147483646",
    });
    panel.style.setProperty(side, "16px");
    panel.id = "switchboard-chat-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", widget.title);

    var button = css(document.createElement("button"), {
      position: "fixed", bottom: "16px", width: "56px", height: "56px", "border-radius": "50%", border: "0",
      background: widget.accentColor, color: widget.accentText, font: "600 18px/1 system-ui, sans-serif",
      cursor: "pointer", "box-shadow": "0 4px 16px rgba(15, 23, 42, 0.3)", "z-index": "2147483647", padding: "0",
    });
    button.style.setProperty(side, "16px");
    button.type = "button";
    button.setAttribute("aria-controls", panel.id);
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-label", "Open chat: " + widget.title);
    button.textContent = widget.initials;

    var frame = null;
    var open = false;
    function toggle(next) {
      open = next;
      if (open && !frame) {
        // Made on the first open only: a page whose visitors never chat loads nothing more.
        frame = css(document.createElement("iframe"), { border: "0", width: "100%", height: "100%", display: "block" });
        frame.src = widget.chatUrl;
        frame.title = "Chat: " + widget.title;
        frame.setAttribute("allow", "clipboard-write");
        panel.appendChild(frame);
      }
      panel.style.display = open ? "block" : "none";
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", (open ? "Close chat: " : "Open chat: ") + widget.title);
      button.textContent = open ? "\u00d7" : widget.initials;
      if (open && frame) frame.focus();
    }
    button.addEventListener("click", function () { toggle(!open); });
    document.addEventListener("keydown", function (event) {
      if (open && event.key === "Escape") { toggle(false); button.focus(); }
    });
    // A phone: the chat takes the screen above the launcher.
    var phone = window.matchMedia ? window.matchMedia("(max-width: 480px)") : null;
    function fit() {
      var small = phone && phone.matches;
      panel.style.setProperty("width", small ? "calc(100vw - 16px)" : "380px");
      panel.style.setProperty("height", small ? "calc(100vh - 96px)" : "600px");
      panel.style.setProperty(side, small ? "8px" : "16px");
    }
    if (phone && phone.addEventListener) phone.addEventListener("change", fit);
    fit();

    root.appendChild(panel);
    root.appendChild(button);
    document.body.appendChild(host);
  }
})();
`;
