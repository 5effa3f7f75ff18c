declare module '@working-days' {
  /** The build's working-day calendar (workers.deadlines.calendar_json): the exceptions per year. */
  const data: { years: Record<string, { holidays: string[]; workdays: string[] }> };
  export default data;
}
