// The timeline report of the chaos harness and the simulator.
export { renderTimeline, type TimelineOptions } from './report-html.ts';
export { writeReport, eventsFileName } from './write-report.ts';
