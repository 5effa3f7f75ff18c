// Reads [{jurisdiction, name, given}] as JSON on stdin and prints what the browser's check of each
// outside event says ({ok, variables} or {ok: false, message}), for tests/web/test_web_units.py to
// compare with govit publish's own check (govit/messages.py).
import { catalog, checkEvent, eventOf } from '../src/operate/events';

const chunks: Buffer[] = [];
process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
process.stdin.on('end', () => {
  const cases = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { jurisdiction: string; name: string; given: Record<string, string> }[];
  const out = cases.map(({ jurisdiction, name, given }) => {
    const event = eventOf(catalog, jurisdiction, name);
    return event ? checkEvent(catalog, event, given) : { ok: false, message: 'unknown event' };
  });
  process.stdout.write(JSON.stringify(out));
});
