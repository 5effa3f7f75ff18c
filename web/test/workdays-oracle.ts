// Reads [[start, end], …] as JSON on stdin and prints the working days between each pair as the
// workspace counts them, for the test that compares them with the deadlines worker's.
import { readFileSync } from 'node:fs';

import { calendar } from '../src/calendar';

const pairs = JSON.parse(readFileSync(0, 'utf-8')) as [string, string][];
process.stdout.write(JSON.stringify(pairs.map(([start, end]) => calendar.between(start, end))));
