// The timeline report of the chaos harness and the simulator.
export { renderTimeline, type TimelineOptions } from './report-html.ts';
