// The report's inline style sheet: system fonts only, nothing fetched.
export const REPORT_CSS = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #212121; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 6px; border-top: 1px solid #ddd; padding-top: 16px; }
h4 { font-size: 12px; margin: 0 0 4px; color: #555; text-transform: uppercase; letter-spacing: .03em; }
.meta { color: #666; margin: 0 0 16px; }
table.summary { border-collapse: collapse; margin: 8px 0 16px; }
table.summary th, table.summary td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
table.summary th { background: #f5f5f5; }
td.num { text-align: right; white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 9px; font-weight: 600; font-size: 12px; color: #fff; }
.badge.pass { background: #2e7d32; }
.badge.fail { background: #c62828; }
ul.failures { margin: 0; padding-left: 16px; color: #b71c1c; }
ul.figures { margin: 0; padding: 0; list-style: none; font-size: 12px; }
.scroll { overflow-x: auto; }
svg.timeline { display: block; width: 100%; min-width: 900px; max-width: 1360px; height: auto; font: 11px system-ui, sans-serif; }
svg.timeline .tick { fill: #666; }
svg.timeline .lane-name { fill: #212121; font-size: 12px; }
svg.timeline .registry { font-style: italic; }
svg.measures { display: block; width: 100%; min-width: 900px; max-width: 1360px; height: auto; font: 11px system-ui, sans-serif; }
svg.measures .tick { fill: #666; }
svg.measures .chart-title { fill: #444; font-weight: 600; }
table.invariants { border-collapse: collapse; margin: 4px 0 8px; font-size: 12px; }
table.invariants th, table.invariants td { border: 1px solid #e0e0e0; padding: 2px 8px; text-align: left; vertical-align: top; }
table.invariants code, p.replay code { font-size: 11px; word-break: break-all; }
p.replay { margin: 4px 0; color: #b71c1c; }
p.figures-note { color: #555; font-size: 12px; margin: 4px 0 8px; max-width: 1100px; }
svg.timeline .violation-note { fill: #ad1457; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0; font-size: 12px; }
.legend ul { list-style: none; margin: 0; padding: 0; }
.legend li { margin: 1px 0; }
.legend ul.notes { flex-basis: 100%; color: #555; list-style: disc; padding-left: 16px; }
.swatch { display: inline-block; width: 18px; height: 10px; margin-right: 6px; vertical-align: middle; border: 1px solid rgba(0,0,0,.2); }
.swatch.thin { height: 4px; }
`;
