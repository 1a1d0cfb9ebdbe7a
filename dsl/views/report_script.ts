/**
 * The HTML report's script (plain JavaScript, inlined in the page): draws
 * the Gantt chart from the data the page embeds (`report_gantt.ts`) as an
 * SVG of the visible time window, with zoom (buttons, `+`/`-`, Ctrl+wheel),
 * scroll (buttons, arrow keys, the slider, dragging), views of 1 or 3
 * frames or the whole run, and a tooltip on hover. No network, no library.
 *
 * It exposes `window.xmbenchReport` (`{ show(t0, span), showAll(),
 * showFrames(first, count), view }`) for tests and the console.
 *
 * @module
 */

/** The script (it reads `#report-data` and draws into `#gantt`). */
export const REPORT_SCRIPT: string = String.raw`
(function () {
  "use strict";
  var dataEl = document.getElementById("report-data");
  var g = document.getElementById("gantt");
  if (!dataEl || !g) return;
  var D = JSON.parse(dataEl.textContent);
  var tip = document.getElementById("tip");
  var slider = document.getElementById("gantt-slider");
  var rangeLabel = document.getElementById("gantt-range");
  var LABEL = 160, AXIS = 38, KROW = 22, LANE = 46, IDLEROW = 18, RIGHT = 10;
  var MIN_SPAN = 20;
  var total = Math.max(1, D.end - D.start);
  var view = { t0: D.initial[0], span: D.initial[1] };
  var tips = [];

  function us(c) { return c * 1000 / D.khz; }
  function ms(c) { return (us(c) / 1000).toFixed(3) + " ms"; }
  function dur(c) {
    var u = us(c);
    if (u >= 1000) return (u / 1000).toFixed(3) + " ms";
    if (u >= 1) return (+u.toFixed(2)) + " \u00b5s";
    return c + (c === 1 ? " cycle" : " cycles");
  }
  function delta(c) {
    if (c === null) return "";
    return (c >= 0 ? "+" : "\u2212") + dur(Math.abs(c));
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function part(i) { return D.parts[i]; }
  function who(i) { var p = part(i); return p[1]; }
  function clampView() {
    view.span = Math.max(MIN_SPAN, Math.min(view.span, total));
    view.t0 = Math.max(D.start, Math.min(view.t0, D.end - view.span));
  }
  function frameIndexAt(c) {
    var lo = -1;
    for (var i = 0; i < D.frames.length; i++) if (D.frames[i][0] <= c) lo = i; else break;
    return lo;
  }
  function niceStep(spanUs, px) {
    var target = spanUs * 110 / Math.max(px, 1);
    var p = Math.pow(10, Math.floor(Math.log10(Math.max(target, 1e-6))));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= target) return steps[i] * p;
    return 10 * p;
  }
  function fmtTick(u, step) {
    var dec = Math.max(0, Math.min(6, Math.ceil(-Math.log10(step / 1000) - 1e-9)));
    return (u / 1000).toFixed(dec) + " ms";
  }

  function render() {
    clampView();
    var W = Math.max(640, g.clientWidth || 1000);
    var plotW = W - LABEL - RIGHT;
    var t0 = view.t0, t1 = view.t0 + view.span;
    var k = plotW / view.span;
    function x(c) { return LABEL + (c - t0) * k; }
    function vis(a, b) { return a === b ? a >= t0 && a <= t1 : b > t0 && a < t1; }
    var laneY0 = AXIS + KROW;
    var H = laneY0 + D.parts.length * LANE + IDLEROW + 8;
    var out = [];
    tips = [];
    function tipAttr(text) { tips.push(text); return ' data-t="' + (tips.length - 1) + '"'; }
    function rect(cls, a, b, y, h, style, text) {
      var xa = Math.max(LABEL, x(a)), xb = Math.min(LABEL + plotW, x(b));
      var w = Math.max(xb - xa, 1);
      out.push('<rect class="' + cls + '" x="' + xa.toFixed(1) + '" y="' + y + '" width="' +
        w.toFixed(1) + '" height="' + h + '"' + (style ? ' style="' + style + '"' : "") +
        (text ? tipAttr(text) : "") + "/>");
    }
    // background lanes and labels
    out.push('<rect x="0" y="0" width="' + W + '" height="' + H + '" fill="#fff"/>');
    out.push('<text class="lane-label" x="8" y="' + (AXIS + 15) + '">XM kernel</text>');
    for (var i = 0; i < D.parts.length; i++) {
      var y = laneY0 + i * LANE;
      if (i % 2 === 0) out.push('<rect x="0" y="' + y + '" width="' + W + '" height="' + LANE + '" fill="#fafbfc"/>');
      out.push('<rect x="6" y="' + (y + 8) + '" width="10" height="10" rx="2" fill="' + part(i)[2] + '"/>');
      out.push('<text class="lane-label" x="22" y="' + (y + 17) + '" fill="' + part(i)[2] + '">' + esc(part(i)[1]) + "</text>");
      out.push('<text class="sub-label" x="22" y="' + (y + 32) + '">planned / executed</text>');
    }
    var idleY = laneY0 + D.parts.length * LANE;
    out.push('<text class="lane-label" x="8" y="' + (idleY + 13) + '">idle</text>');
    // time axis
    var spanUs = us(view.span);
    var step = niceStep(spanUs, plotW);
    var first = Math.ceil(us(t0) / step) * step;
    for (var u = first; u <= us(t1) + 1e-9; u += step) {
      var cx = x(u * D.khz / 1000);
      out.push('<line class="tick" x1="' + cx.toFixed(1) + '" x2="' + cx.toFixed(1) + '" y1="' + (AXIS - 6) + '" y2="' + H + '"/>');
      if (cx < W - 60) out.push('<text x="' + (cx + 3).toFixed(1) + '" y="12">' + fmtTick(u, step) + "</text>");
    }
    // frames
    for (var f = 0; f < D.frames.length; f++) {
      var fr = D.frames[f];
      if (!vis(fr[0], fr[1])) continue;
      var fx = x(fr[0]);
      if (fr[0] >= t0) out.push('<line class="frame-line" x1="' + fx.toFixed(1) + '" x2="' + fx.toFixed(1) + '" y1="16" y2="' + H + '"/>');
      var fw = x(Math.min(fr[1], t1)) - Math.max(fx, LABEL);
      if (fw > 70) {
        out.push('<text class="frame-label" x="' + (Math.max(fx, LABEL) + 4).toFixed(1) + '" y="28"' +
          tipAttr("major frame " + fr[2] + " (plan " + fr[3] + ")\n" + ms(fr[0]) + " \u2192 " + ms(fr[1]) +
            " (" + dur(fr[1] - fr[0]) + ")" + (fr[4] ? "\nthe trace ends within it" : "")) +
          ">frame " + fr[2] + " \u00b7 plan " + fr[3] + "</text>");
      }
    }
    // kernel
    for (var j = 0; j < D.kernel.length; j++) {
      var kr = D.kernel[j];
      if (vis(kr[0], kr[1])) rect("kern", kr[0], kr[1], AXIS + 4, 14, "", "XM kernel (estimated from the cost model)\n" + ms(kr[0]) + ", " + dur(kr[1] - kr[0]));
    }
    // planned slots
    for (var p = 0; p < D.planned.length; p++) {
      var ps = D.planned[p];
      if (!vis(ps[1], ps[2])) continue;
      var py = laneY0 + ps[0] * LANE + 5;
      rect("plan" + (ps[5] ? " missed" : ""), ps[1], ps[2], py, 8, ps[5] ? "" : "stroke:" + part(ps[0])[2] + ";fill:" + part(ps[0])[2] + "33",
        who(ps[0]) + " \u2014 planned slot " + ps[4] + " of plan " + ps[3] + "\n" + ms(ps[1]) + " \u2192 " + ms(ps[2]) + " (" + dur(ps[2] - ps[1]) + ")" +
        (ps[5] ? "\nMISSED: the slot did not execute" : ""));
    }
    function slotText(sl) {
      var text = who(sl[0]) + " \u2014 slot " + sl[4] + " of plan " + sl[3] + (sl[5] >= 0 ? ", frame " + sl[5] : "") +
        "\n" + ms(sl[1]) + " \u2192 " + ms(sl[2]) + " (" + dur(sl[2] - sl[1]) + ")" + (sl[6] & 1 ? ", still open at the end of the trace" : "");
      if (sl[7] !== null) text += "\nstart " + delta(sl[7]) + (sl[8] !== null ? ", end " + delta(sl[8]) : "") + " vs. the plan";
      if (sl[6] & 2) text += "\nOVERRUN: ended " + dur(sl[8]) + " after its planned end";
      return text;
    }
    // executed slots
    for (var s = 0; s < D.slots.length; s++) {
      var sl = D.slots[s];
      if (!vis(sl[1], sl[2])) continue;
      var sy = laneY0 + sl[0] * LANE + 16;
      var text = slotText(sl);
      var over = (sl[6] & 2) !== 0;
      rect("slot" + (over ? " overrun" : ""), sl[1], sl[2], sy, 24, "fill:" + part(sl[0])[2] + "40;stroke:" + (over ? "#d62728" : part(sl[0])[2]), text);
      if (over && vis(sl[2] - sl[8], sl[2])) {
        rect("overrun-tail", sl[2] - sl[8], sl[2], sy - 2, 4, "", text);
      }
    }
    // runs
    for (var r = 0; r < D.runs.length; r++) {
      var rn = D.runs[r];
      if (!vis(rn[1], rn[2])) continue;
      var ry = laneY0 + rn[0] * LANE + 20;
      rect("run" + (rn[3] & 1 ? " outside" : ""), rn[1], rn[2], ry, 16, "fill:" + part(rn[0])[2],
        who(rn[0]) + " running\n" + ms(rn[1]) + " \u2192 " + ms(rn[2]) + " (" + dur(rn[2] - rn[1]) + ")" +
        (rn[3] & 1 ? "\nOVERRUN: running outside its slots" : "") + (rn[3] & 2 ? "\nstill running at the end of the trace" : "") +
        (rn[4] >= 0 ? "\n\nin " + slotText(D.slots[rn[4]]) : ""));
    }
    // idle
    for (var d = 0; d < D.idle.length; d++) {
      var id = D.idle[d];
      if (vis(id[0], id[1])) rect("idle", id[0], id[1], idleY + 3, 12, "", "idle\n" + ms(id[0]) + " \u2192 " + ms(id[1]) + " (" + dur(id[1] - id[0]) + ")");
    }
    // marks
    for (var m = 0; m < D.marks.length; m++) {
      var mk = D.marks[m];
      if (mk[0] < t0 || mk[0] > t1) continue;
      var mx = x(mk[0]).toFixed(1);
      var my = mk[1] < 0 ? AXIS + 11 : laneY0 + mk[1] * LANE + 28;
      var t = tipAttr(ms(mk[0]) + "\n" + mk[3]);
      var type = mk[2];
      if (type === "system" || type === "plan") {
        out.push('<line class="mark ' + type + '" x1="' + mx + '" x2="' + mx + '" y1="16" y2="' + H + '" stroke="' + (type === "system" ? "#d62728" : "#8e44ad") + '" stroke-width="2"' + t + "/>");
      } else if (type === "fault") {
        out.push('<path class="mark fault" d="M' + mx + " " + (my + 12) + " l-6 -11 h12 z" + '" fill="#d62728" stroke="#fff" stroke-width="1"' + t + "/>");
      } else if (type === "hm") {
        out.push('<path class="mark hm" d="M' + mx + " " + (my - 14) + " l6 7 l-6 7 l-6 -7 z" + '" fill="' + (mk[4] ? "#d62728" : "#e67e22") + '" stroke="#fff" stroke-width="1"' + t + "/>");
      } else if (type === "state") {
        out.push('<circle class="mark state" cx="' + mx + '" cy="' + (my - 18) + '" r="4" fill="#fff" stroke="#2f3542" stroke-width="1.5"' + t + "/>");
      } else if (type === "inject") {
        out.push('<rect class="mark inject" x="' + (mx - 4) + '" y="' + (my - 4) + '" width="8" height="8" transform="rotate(45 ' + mx + " " + my + ')" fill="#8e44ad"' + t + "/>");
      } else if (type === "console") {
        out.push('<line class="mark console" x1="' + mx + '" x2="' + mx + '" y1="' + (my + 13) + '" y2="' + (my + 17) + '" stroke="#2f3542" stroke-width="1.5"' + t + "/>");
      }
    }
    if (D.focus !== null && D.focus >= t0 && D.focus <= t1) {
      var fxx = x(D.focus).toFixed(1);
      out.push('<line class="focus" x1="' + fxx + '" x2="' + fxx + '" y1="16" y2="' + H + '"' + tipAttr("the failed assertion: " + ms(D.focus)) + "/>");
    }
    g.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="Gantt chart of the run">' + out.join("") + "</svg>";
    var fi = frameIndexAt(t0), fl = frameIndexAt(t1 - 1);
    rangeLabel.textContent = ms(t0) + " \u2013 " + ms(t1) + " (" + dur(view.span) + ")" +
      (D.frames.length > 0 ? " \u00b7 frame" + (fl > fi ? "s " + D.frames[Math.max(fi, 0)][2] + "\u2013" + D.frames[fl][2] : " " + (fi >= 0 ? D.frames[fi][2] : "\u2013")) + " of " + D.frames.length : "");
    if (slider) slider.value = String(Math.round((view.t0 - D.start) * 1000 / Math.max(1, total - view.span)));
  }

  function show(t0, span) { view.t0 = t0; view.span = span; render(); }
  function showFrames(first, count) {
    if (D.frames.length === 0) { show(D.start, total); return; }
    first = Math.max(0, Math.min(first, D.frames.length - 1));
    var last = Math.min(D.frames.length - 1, first + count - 1);
    show(D.frames[first][0], D.frames[last][1] - D.frames[first][0]);
  }
  function framesInView() {
    var fi = frameIndexAt(view.t0), fl = frameIndexAt(view.t0 + view.span - 1);
    return { first: Math.max(fi, 0), count: Math.max(1, fl - fi + 1), aligned: fi >= 0 && D.frames[fi][0] === view.t0 };
  }
  function step(dir) {
    var v = framesInView();
    if (v.aligned && D.frames.length > 0 && view.span >= D.frames[v.first][1] - D.frames[v.first][0]) {
      showFrames(v.first + dir * v.count, v.count);
    } else show(view.t0 + dir * view.span * 0.8, view.span);
  }
  function zoom(factor, at) {
    var c = at === undefined ? view.t0 + view.span / 2 : at;
    var span = Math.max(MIN_SPAN, Math.min(total, view.span * factor));
    show(c - (c - view.t0) * span / view.span, span);
  }
  var actions = {
    first: function () { if (D.frames.length) showFrames(0, framesInView().count); else show(D.start, view.span); },
    prev: function () { step(-1); },
    next: function () { step(1); },
    last: function () { show(D.end - view.span, view.span); },
    "zoom-in": function () { zoom(0.5); },
    "zoom-out": function () { zoom(2); },
    "frames-1": function () { showFrames(framesInView().first, 1); },
    "frames-3": function () { showFrames(framesInView().first, 3); },
    all: function () { show(D.start, total); }
  };
  var buttons = document.querySelectorAll("#gantt-controls button[data-act]");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].addEventListener("click", function (ev) { actions[ev.currentTarget.getAttribute("data-act")](); });
  }
  if (slider) slider.addEventListener("input", function () {
    show(D.start + (total - view.span) * Number(slider.value) / 1000, view.span);
  });
  g.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowLeft") actions.prev();
    else if (ev.key === "ArrowRight") actions.next();
    else if (ev.key === "+" || ev.key === "=") actions["zoom-in"]();
    else if (ev.key === "-") actions["zoom-out"]();
    else return;
    ev.preventDefault();
  });
  function timeAt(clientX) {
    var box = g.getBoundingClientRect();
    var plotW = Math.max(640, g.clientWidth || 1000) - LABEL - RIGHT;
    return view.t0 + (clientX - box.left - LABEL) * view.span / plotW;
  }
  g.addEventListener("wheel", function (ev) {
    if (!ev.ctrlKey) return;
    ev.preventDefault();
    zoom(ev.deltaY > 0 ? 1.25 : 0.8, timeAt(ev.clientX));
  }, { passive: false });
  var drag = null;
  g.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, t0: view.t0 }; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (drag) {
      var plotW = Math.max(640, g.clientWidth || 1000) - LABEL - RIGHT;
      show(drag.t0 - (ev.clientX - drag.x) * view.span / plotW, view.span);
    }
  });
  g.addEventListener("mousemove", function (ev) {
    var el = ev.target && ev.target.closest ? ev.target.closest("[data-t]") : null;
    if (!el || drag) { tip.style.display = "none"; return; }
    tip.textContent = tips[Number(el.getAttribute("data-t"))];
    tip.style.display = "block";
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth) x = ev.clientX - tip.offsetWidth - 10;
    if (y + tip.offsetHeight > window.innerHeight) y = ev.clientY - tip.offsetHeight - 10;
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  });
  g.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  var links = document.querySelectorAll("[data-goto]");
  for (var l = 0; l < links.length; l++) {
    links[l].addEventListener("click", function (ev) {
      ev.preventDefault();
      var c = Number(ev.currentTarget.getAttribute("data-goto"));
      var fi = frameIndexAt(c);
      if (fi >= 0) showFrames(fi, 1); else show(c - view.span / 2, view.span);
      g.scrollIntoView({ block: "center" });
    });
  }
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    if (resizeTimer !== null) cancelAnimationFrame(resizeTimer);
    resizeTimer = requestAnimationFrame(render);
  });
  window.xmbenchReport = {
    show: show,
    showAll: actions.all,
    showFrames: showFrames,
    get view() { return { t0: view.t0, span: view.span }; },
    data: D
  };
  render();
})();
`;
