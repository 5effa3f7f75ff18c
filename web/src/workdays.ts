// Working days left until a due date, counted as the deadlines worker counts them
// (workers/deadlines/arithmetic.py): the start day is not counted, the due day is; a year the
// calendar does not know is counted by weekends alone and the figure is marked provisional.

export interface CalendarData {
  years: Record<string, { holidays: string[]; workdays: string[] }>;
}

export interface DaysLeft {
  /** Working days after today up to and including the due day; negative when overdue. */
  days: number;
  provisional: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) of an instant in China Standard Time, where the projects run. */
export function shanghaiDay(instant: Date): string {
  return SHANGHAI.format(instant);
}

function parseDay(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class WorkingDays {
  private readonly years: Map<number, { holidays: Set<string>; workdays: Set<string> }>;

  constructor(data: CalendarData) {
    this.years = new Map(
      Object.entries(data.years).map(([year, schedule]) => [
        Number(year),
        { holidays: new Set(schedule.holidays), workdays: new Set(schedule.workdays) },
      ]),
    );
  }

  knows(year: number): boolean {
    return this.years.has(year);
  }

  /** Whether ``day`` is a working day; ``null`` when the calendar does not know its year. */
  isWorkingDay(day: string): boolean | null {
    const schedule = this.years.get(Number(day.slice(0, 4)));
    const weekday = new Date(parseDay(day)).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (schedule === undefined) return null;
    if (schedule.workdays.has(day)) return true;
    if (schedule.holidays.has(day)) return false;
    return !weekend;
  }

  /** Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier. */
  between(start: string, end: string): DaysLeft {
    if (end < start) {
      const back = this.between(end, start);
      return { days: -back.days, provisional: back.provisional };
    }
    let days = 0;
    let provisional = false;
    for (let ms = parseDay(start) + DAY_MS; ms <= parseDay(end); ms += DAY_MS) {
      const day = formatDay(ms);
      let working = this.isWorkingDay(day);
      if (working === null) {
        provisional = true;
        const weekday = new Date(ms).getUTCDay();
        working = weekday !== 0 && weekday !== 6;
      }
      if (working) days += 1;
    }
    return { days, provisional };
  }
}

export interface DeadlineView {
  text: string;
  tone: 'overdue' | 'today' | 'soon' | 'ok';
  daysLeft: number;
}

/** What the task list says about a due date seen at ``now``: working days left, due today, or overdue. */
export function deadlineView(calendar: WorkingDays, dueDate: string, now: Date): DeadlineView {
  const today = shanghaiDay(now);
  const dueDay = shanghaiDay(new Date(dueDate));
  const { days, provisional } = calendar.between(today, dueDay);
  const mark = provisional ? '（日历未含该年，按周末估算）' : '';
  if (dueDay < today) {
    return { text: `已逾期 ${-days} 个工作日${mark}`, tone: 'overdue', daysLeft: days };
  }
  if (dueDay === today) {
    const passed = new Date(dueDate).getTime() <= now.getTime();
    return passed
      ? { text: '已逾期（今日到期）', tone: 'overdue', daysLeft: 0 }
      : { text: '今日到期', tone: 'today', daysLeft: 0 };
  }
  return { text: `剩余 ${days} 个工作日${mark}`, tone: days <= 2 ? 'soon' : 'ok', daysLeft: days };
}
