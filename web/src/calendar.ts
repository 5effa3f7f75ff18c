// The working-day calendar the build wrote (workers.deadlines.calendar_json), bundled in.
import data from '@working-days';
import { WorkingDays } from './workdays';

export const calendar = new WorkingDays(data);
