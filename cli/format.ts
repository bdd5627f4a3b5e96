/** Pure text formatting for terminal output: no I/O here. */

/** `2026-05-31 14:00`: UTC to the minute, as the status table shows dates. */
export function formatMinuteUtc(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * Tag values and secret names are user data: a control character in one could break the table
 * or drive the terminal, so each is shown as `?`.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

const COLUMN_GAP = '  ';

/** Left-aligned columns, two spaces apart, no trailing spaces; the last column is never padded. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    headers
      .map((_, column) => {
        const cell = cells[column] ?? '';
        return column === headers.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
      })
      .join(COLUMN_GAP)
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** `1 credential`, `2 credentials`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Every line the CLI prints fits a 100-column terminal, or wraps to it. */
export const OUTPUT_COLUMNS = 100;

/**
 * Wraps `text` at spaces so no line is wider than `width`; continuation lines get `indent`.
 * A word longer than a line (an ARN) stays whole on a line of its own rather than being cut.
 */
export function wrapLine(text: string, width = OUTPUT_COLUMNS, indent = '    '): string[] {
  if (text.length <= width) return [text];
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const words = text.slice(lead.length).split(' ');
  const lines: string[] = [];
  let line = lead;
  let fresh = true;
  for (const word of words) {
    const candidate = fresh ? `${line}${word}` : `${line} ${word}`;
    if (!fresh && candidate.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/** `wrapLine` applied to every line of a text. */
export function wrapText(text: string, width = OUTPUT_COLUMNS, indent = '    '): string {
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width, indent))
    .join('\n');
}

/**
 * A shell command as lines of at most `width`, continued with ` \`: copied whole, it still runs.
 * Breaks only before an option (`--x`), so arguments stay with their option.
 */
export function commandLines(command: string, indent = '  ', width = OUTPUT_COLUMNS): string[] {
  const parts = command.split(/ (?=--)/);
  const lines: string[] = [];
  let line = `${indent}${parts[0] ?? ''}`;
  for (const part of parts.slice(1)) {
    if (`${line} ${part} \\`.length > width) {
      lines.push(`${line} \\`);
      line = `${indent}  ${part}`;
    } else {
      line = `${line} ${part}`;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Columns when they fit `width`; otherwise one block per row, each cell on its own labelled
 * line, wrapped. Either way nothing is cut: a secret name is needed whole to act on it.
 */
export function renderTableOrBlocks(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width = OUTPUT_COLUMNS,
): string {
  const table = renderTable(headers, rows);
  if (table.split('\n').every((line) => line.length <= width)) return table;
  const labels = headers.map((header) => `${header.toLowerCase()}:`);
  const labelWidth = Math.max(...labels.map((label) => label.length));
  return rows
    .map((row) =>
      [
        row[0] ?? '',
        ...headers.slice(1).flatMap((_, i) => {
          const cell = row[i + 1] ?? '';
          if (cell === '') return [];
          return wrapLine(
            `  ${(labels[i + 1] ?? '').padEnd(labelWidth)} ${cell}`,
            width,
            ' '.repeat(labelWidth + 3),
          );
        }),
      ].join('\n'),
    )
    .join('\n\n');
}
