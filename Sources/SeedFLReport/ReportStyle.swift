import SeedFLNode
/// The page's inline style sheet. System font stacks only: the page must render offline
/// and load nothing, so no web fonts.
enum ReportStyle {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 28px 40px; font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
               color: #1b1f24; background: #f5f6f8; line-height: 1.4; }
        header h1 { margin: 0 0 2px; font-size: 24px; }
        header .run { margin: 0 0 16px; color: #57606a; font-size: 14px; word-break: break-all; }
        dl.numbers { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px;
                     margin: 0 0 14px; }
        dl.numbers div { background: #fff; border: 1px solid #d8dee4; border-radius: 6px; padding: 8px 12px; }
        dl.numbers dt { font-size: 12px; color: #57606a; }
        dl.numbers dd { margin: 2px 0 0; font-size: 19px; font-weight: 600; }
        dl.numbers div.wide { grid-column: 1 / -1; }
        dl.numbers div.wide dd { font: 13px "DejaVu Sans Mono", monospace; font-weight: normal; word-break: break-all; }
        ul.notes { margin: 0 0 14px; padding: 8px 12px 8px 30px; background: #fff8e5; border: 1px solid #eed9a0;
                   border-radius: 6px; font-size: 13px; }
        main.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
        section.plot-card { background: #fff; border: 1px solid #d8dee4; border-radius: 6px; padding: 12px 14px; }
        section.plot-card h2 { margin: 0 0 4px; font-size: 16px; }
        section.plot-card p { margin: 0 0 6px; font-size: 12.5px; color: #57606a; }
        section.plot-card p.note { color: #7a5c00; }
        svg.plot { display: block; width: 100%; height: auto; font-family: inherit; }
        svg.plot .plot-area { fill: #fcfcfd; stroke: none; }
        svg.plot .grid { stroke: #e3e6ea; stroke-width: 1; }
        svg.plot .axis, svg.plot .tick { stroke: #57606a; stroke-width: 1; }
        svg.plot .tick-label { font-size: 13px; fill: #3d444d; }
        svg.plot .axis-title { font-size: 14px; fill: #1b1f24; }
        svg.plot .legend-label { font-size: 13px; fill: #1b1f24; }
        svg.plot .marker { stroke: #6e7781; stroke-width: 1.5; stroke-dasharray: 3 3; }
        svg.plot .no-data { font-size: 15px; fill: #8c959f; }
        """
}
