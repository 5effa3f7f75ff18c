// Estimates how much room a label needs as bpmn-js draws it (Arial 11px for external labels,
// 12px inside tasks; a CJK glyph is about one em wide, a Latin glyph about half an em). The
// estimate errs wide so that labels placed apart by the layout stay apart once rendered.

const CJK = /[\u3000-\u9fff\uff00-\uffef]/u;

/** Width in px of one line of `text` at `fontSize`. */
export function lineWidth(text, fontSize) {
  let width = 0;
  for (const char of text) {
    width += CJK.test(char) ? fontSize * 1.02 : fontSize * 0.6;
  }
  return Math.ceil(width);
}

/** Box of an external label (events, gateways, flows) wrapped at `maxWidth`, as bpmn-js wraps it. */
export function externalLabelBox(text, maxWidth = 90) {
  const fontSize = 11;
  const lineHeight = 14;
  const lines = wrap(text, fontSize, maxWidth);
  const width = Math.max(...lines.map((line) => lineWidth(line, fontSize))) + 4;
  return { width, height: lines.length * lineHeight };
}

/** Size of a task so that its name fits inside in at most four lines. */
export function activityBox(text) {
  const fontSize = 12;
  for (const width of [100, 120, 140, 160, 180]) {
    if (wrap(text ?? '', fontSize, width - 10).length <= 4) {
      return { width, height: 80 };
    }
  }
  return { width: 200, height: 80 };
}

function wrap(text, fontSize, maxWidth) {
  const lines = [];
  let line = '';
  for (const char of text) {
    if (line && lineWidth(line + char, fontSize) > maxWidth) {
      lines.push(line);
      line = '';
    }
    line += char;
  }
  lines.push(line);
  return lines;
}
