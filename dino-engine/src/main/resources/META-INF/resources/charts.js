'use strict';
/*
 * Small SVG line charts: axis ticks with values, an axis title with the unit, and series told apart by
 * dash pattern and name as well as by colour. Nothing is fetched: the dashboard works offline.
 */
const Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  const MAX_WIDTH = 560;
  const MIN_WIDTH = 280;
  const HEIGHT = 240;
  const MARGIN = {left: 64, right: 16, top: 12, bottom: 40};
  const MAX_POINTS = 1500;
  const STYLES = [{className: 'series-0', dash: ''}, {className: 'series-1', dash: '7 4'}, {className: 'series-2', dash: '2 3'}];

  /** @return a compact, readable number: 3 (or digits) significant digits, exponent form for tiny or huge values */
  function format(value, digits = 3) {
    if (value === 0) {
      return '0';
    }
    const magnitude = Math.abs(value);
    if (magnitude >= 1e5 || magnitude < 1e-3) {
      return value.toExponential(digits - 2).replace('e+', 'e');
    }
    return String(Number(value.toPrecision(digits)));
  }

  /** @return about count round tick values covering [min, max] */
  function ticks(min, max, count) {
    const step0 = (max - min) / count;
    const power = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 2.5, 5, 10].map(f => f * power).find(s => s >= step0) || 10 * power;
    const values = [];
    for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
      values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return values;
  }

  function range(values) {
    let min = Math.min(...values);
    let max = Math.max(...values);
    if (min === max) {
      const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
      return [min - pad, max + pad];
    }
    const pad = (max - min) * 0.05;
    return [min - pad, max + pad];
  }

  /** Keeps every k-th point and the last one, so that long runs draw fast. */
  function thin(points) {
    if (points.length <= MAX_POINTS) {
      return points;
    }
    const every = Math.ceil(points.length / MAX_POINTS);
    const kept = points.filter((p, i) => i % every === 0);
    if (kept[kept.length - 1] !== points[points.length - 1]) {
      kept.push(points[points.length - 1]);
    }
    return kept;
  }

  function element(name, attributes, text) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, value);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /**
   * Draws a chart into a figure element.
   *
   * @param figure the figure (its content is replaced)
   * @param spec {title, unit, xLabel, series: [{name, points: [[x, y], ...]}]}
   */
  function draw(figure, spec) {
    figure.replaceChildren();
    figure.classList.add('chart');
    figure.dataset.points = spec.series.reduce((sum, s) => sum + s.points.length, 0);
    const caption = document.createElement('figcaption');
    const heading = document.createElement('span');
    heading.className = 'chart-title';
    heading.textContent = spec.unit ? `${spec.title} (${spec.unit})` : spec.title;
    caption.append(heading);
    const series = spec.series.filter(s => s.points.length > 0);
    const legend = document.createElement('ul');
    legend.className = 'legend';
    series.forEach((s, i) => {
      const item = document.createElement('li');
      const sample = element('svg', {width: 28, height: 10, 'aria-hidden': 'true'});
      sample.append(element('line', {x1: 0, y1: 5, x2: 28, y2: 5, class: `line ${STYLES[i].className}`,
        'stroke-dasharray': STYLES[i].dash}));
      const last = s.points[s.points.length - 1];
      item.append(sample, ` ${s.name}: ${format(last[1], 5)}${spec.unit ? ' ' + spec.unit : ''} at ${spec.xLabel.toLowerCase()} ${last[0]}`);
      legend.append(item);
    });
    caption.append(legend);
    figure.append(caption);
    if (series.length === 0) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = 'No data yet.';
      figure.append(empty);
      return;
    }

    // As wide as the figure (within bounds): text and ticks then keep their size on a phone screen.
    const style = getComputedStyle(figure);
    const inner = figure.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const WIDTH = Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, inner || MAX_WIDTH)));
    const all = series.flatMap(s => s.points);
    const [xMin, xMax] = range(all.map(p => p[0]));
    const [yMin, yMax] = range(all.map(p => p[1]));
    const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const x = v => MARGIN.left + (v - xMin) / (xMax - xMin) * plotWidth;
    const y = v => MARGIN.top + (1 - (v - yMin) / (yMax - yMin)) * plotHeight;

    const svg = element('svg', {viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `${spec.title}: ${legend.textContent}`});
    for (const value of ticks(yMin, yMax, 5)) {
      svg.append(element('line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value), class: 'grid'}));
      svg.append(element('text', {x: MARGIN.left - 6, y: y(value) + 4, class: 'tick', 'text-anchor': 'end'}, format(value)));
    }
    for (const value of ticks(xMin, xMax, WIDTH < 400 ? 4 : 6).filter(v => Number.isInteger(v))) {
      svg.append(element('line', {x1: x(value), x2: x(value), y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom + 5, class: 'axis'}));
      svg.append(element('text', {x: x(value), y: HEIGHT - MARGIN.bottom + 18, class: 'tick', 'text-anchor': 'middle'}, format(value)));
    }
    svg.append(element('line', {x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, class: 'axis'}));
    svg.append(element('line', {x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom,
      class: 'axis'}));
    svg.append(element('text', {x: MARGIN.left + plotWidth / 2, y: HEIGHT - 4, class: 'axis-title', 'text-anchor': 'middle'},
      spec.xLabel));
    series.forEach((s, i) => {
      const points = thin(s.points);
      const d = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
      svg.append(element('path', {d, class: `line ${STYLES[i].className}`, 'stroke-dasharray': STYLES[i].dash}));
      if (points.length === 1) {
        svg.append(element('circle', {cx: x(points[0][0]), cy: y(points[0][1]), r: 3, class: `dot ${STYLES[i].className}`}));
      }
    });
    figure.append(svg);
  }

  return {draw, format};
})();
