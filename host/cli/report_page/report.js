// kflow's HTML report: builds the table and the chart from the page's JSON data.
// Every value reaches the page through textContent or the canvas: never as markup.
(function () {
  "use strict";

  const PALETTE = [
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
  ];
  const CHART_HEIGHT = 340;

  const data = JSON.parse(document.getElementById("kflow-report-data").textContent);

  function numberOf(text) {
    if (text === null || text === "") return null;
    const value = Number(text);
    return Number.isNaN(value) ? null : value;
  }

  function cell(tag, text, numeric) {
    const element = document.createElement(tag);
    element.textContent = text === null ? "" : text;
    if (numeric) {
      element.classList.add("num");
      const value = numberOf(text);
      if (value !== null && value < 0) element.classList.add("neg");
    }
    return element;
  }

  function buildTable() {
    const table = document.getElementById("report-table");
    if (data.rows.length === 0) {
      const note = document.createElement("p");
      note.className = "empty";
      note.textContent = "No items.";
      table.parentNode.replaceWith(note);
      return;
    }
    const numeric = data.columns.map((column) => column.numeric);
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    const headRow = table.createTHead().insertRow();
    const headers = data.columns.map((column, index) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.setAttribute("aria-sort", "none");
      if (column.numeric) th.classList.add("num");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = column.name;
      button.title = "Sort by " + column.name;
      button.addEventListener("click", () => sortBy(index));
      th.appendChild(button);
      headRow.appendChild(th);
      return th;
    });

    const body = table.createTBody();
    const rows = data.rows.map((cells, index) => {
      const tr = document.createElement("tr");
      cells.forEach((text, column) => tr.appendChild(cell("td", text, numeric[column])));
      body.appendChild(tr);
      return { tr: tr, cells: cells, index: index };
    });

    if (data.totals) {
      const tr = table.createTFoot().insertRow();
      data.totals.forEach((text, column) => tr.appendChild(cell("td", text, numeric[column])));
    }

    let sorted = { column: -1, direction: 1 };

    function sortBy(column) {
      const direction = sorted.column === column ? -sorted.direction : 1;
      sorted = { column: column, direction: direction };
      const key = numeric[column]
        ? (row) => numberOf(row.cells[column])
        : (row) => (row.cells[column] === null || row.cells[column] === "" ? null : row.cells[column]);
      rows.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        if (x === null || y === null) {
          // Empty cells stay last, whichever the direction.
          return (x === null) - (y === null) || a.index - b.index;
        }
        const order = numeric[column] ? x - y : collator.compare(x, y);
        return direction * order || a.index - b.index;
      });
      rows.forEach((row) => body.appendChild(row.tr));
      headers.forEach((th, index) => {
        const state = index !== column ? "none" : direction > 0 ? "ascending" : "descending";
        th.setAttribute("aria-sort", state);
      });
    }
  }

  function drawChart(chart) {
    const host = document.getElementById("chart");
    const count = chart.labels.length;
    const xs = chart.labels.map((_, index) => index);
    const bars = chart.kind === "bar";
    const slot = 0.8 / chart.series.length;

    function label(value) {
      return Number.isInteger(value) && value >= 0 && value < count ? chart.labels[value] : "";
    }

    const series = [{ label: chart.dimension, value: (u, value) => (value === null ? "--" : label(value)) }];
    chart.series.forEach((line, index) => {
      const color = PALETTE[index % PALETTE.length];
      const options = {
        label: line.name,
        stroke: color,
        width: 2,
        spanGaps: true,
        value: (u, value) => (value === null || value === undefined ? "--" : String(value)),
      };
      if (bars) {
        options.fill = color + "cc";
        options.width = 0;
        options.points = { show: false };
        options.paths = uPlot.paths.bars({
          disp: {
            x0: { unit: 1, values: () => xs.map((x) => x - 0.4 + index * slot) },
            size: { unit: 1, values: () => [slot] },
          },
        });
      } else {
        options.points = { show: true, size: 5 };
      }
      series.push(options);
    });

    function xRange() {
      return [-0.5, count - 0.5];
    }

    function yRange(u, min, max) {
      const low = Math.min(0, min);
      const high = Math.max(0, max);
      const pad = (high - low) * 0.08 || 1;
      return [low < 0 ? low - pad : 0, high > 0 ? high + pad : 0];
    }

    function zeroLine(u) {
      const y = u.valToPos(0, "y", true);
      if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
      const context = u.ctx;
      context.save();
      context.strokeStyle = "#444";
      context.lineWidth = window.devicePixelRatio || 1;
      context.beginPath();
      context.moveTo(u.bbox.left, y);
      context.lineTo(u.bbox.left + u.bbox.width, y);
      context.stroke();
      context.restore();
    }

    const options = {
      width: Math.max(host.clientWidth, 320),
      height: CHART_HEIGHT,
      scales: { x: { time: false, range: xRange }, y: { range: yRange } },
      axes: [
        {
          space: 90,
          incrs: [1, 2, 3, 4, 5, 7, 10, 14, 20, 25, 30, 50, 100, 200, 500, 1000, 5000, 10000],
          values: (u, splits) => splits.map(label),
          grid: { show: false },
        },
        { label: chart.measure, size: 70 },
      ],
      series: series,
      legend: { live: true },
      cursor: { points: { show: !bars } },
      hooks: { drawAxes: [zeroLine] },
    };
    const plot = new uPlot(options, [xs].concat(chart.series.map((line) => line.values)), host);
    host.dataset.series = String(chart.series.length);
    host.dataset.points = String(count);
    window.addEventListener("resize", () => {
      plot.setSize({ width: Math.max(host.clientWidth, 320), height: CHART_HEIGHT });
    });
  }

  buildTable();
  if (data.chart) drawChart(data.chart);
  document.body.dataset.ready = "true";
})();
