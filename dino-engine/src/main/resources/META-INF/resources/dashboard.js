'use strict';
/* The dashboard of dino serve: sign-in, job list, job page with live charts, submission form. */
(() => {
  const main = document.getElementById('main');
  const signOut = document.getElementById('sign-out');
  const FINISHED = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
  const EXAMPLE = `# The embedded Fashion-MNIST demo, a tiny model: about a minute on a laptop.
dino:
  train:
    epochs: 2
    batch-size: 32
  data:
    limit: 512
`;
  let leaveView = () => {};

  // ---- small DOM helpers -------------------------------------------------------------------------

  /** Creates an element: h('p', {className: 'x'}, 'text', child...). */
  function h(tag, properties, ...children) {
    const node = Object.assign(document.createElement(tag), properties || {});
    node.append(...children.filter(c => c !== null && c !== undefined));
    return node;
  }

  let announcement = null;

  /** Shows a short message in the live region (read by screen readers), gone after a few seconds. */
  function announce(message) {
    const status = document.getElementById('status');
    status.textContent = message;
    clearTimeout(announcement);
    announcement = setTimeout(() => { status.textContent = ''; }, 6000);
  }

  function shortId(id) {
    return id.slice(0, 8);
  }

  function duration(seconds) {
    if (!isFinite(seconds) || seconds < 0) {
      return '—';
    }
    const s = Math.round(seconds);
    if (s < 60) {
      return `${s} s`;
    }
    if (s < 3600) {
      return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
    }
    return `${Math.floor(s / 3600)} h ${String(Math.floor(s % 3600 / 60)).padStart(2, '0')} min`;
  }

  function bytes(size) {
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let value = size;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
  }

  function stateBadge(state) {
    return h('span', {className: `state state-${state.toLowerCase()}`}, state.toLowerCase());
  }

  function progressBar(progress, label) {
    const bar = h('progress', {max: progress ? progress.total : 1, value: progress ? progress.iteration : 0});
    bar.setAttribute('aria-label', label);
    return bar;
  }

  /** Asks before a destructive action, in an accessible modal dialog; resolves to true to go on. */
  function confirmAction(message, actionLabel) {
    return new Promise(resolve => {
      const dialog = h('dialog', {className: 'confirm', id: 'confirm'});
      const finish = answer => {
        dialog.close();
        dialog.remove();
        resolve(answer);
      };
      dialog.append(h('p', {}, message), h('div', {className: 'actions'},
        h('button', {type: 'button', className: 'danger', id: 'confirm-yes', onclick: () => finish(true)}, actionLabel),
        h('button', {type: 'button', id: 'confirm-no', onclick: () => finish(false)}, 'Keep it')));
      dialog.addEventListener('cancel', () => finish(false));
      document.body.append(dialog);
      dialog.showModal();
    });
  }

  /** Runs an API call; a 401 sends the user back to sign-in, anything else is announced. */
  async function guarded(call) {
    try {
      return await call();
    } catch (e) {
      if (e.name === 'AbortError') {
        return undefined;
      }
      if (e instanceof Api.ApiError && e.status === 401) {
        Api.forget();
        route();
        return undefined;
      }
      announce(`Error: ${e.message}`);
      throw e;
    }
  }

  // ---- sign-in -----------------------------------------------------------------------------------

  function signInView() {
    const input = h('input', {type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true});
    const error = h('p', {className: 'error', id: 'sign-in-error', role: 'alert'});
    const form = h('form', {className: 'card sign-in'},
      h('h1', {}, 'Sign in'),
      h('p', {}, 'Enter the service\'s API token (the file ', h('code', {}, '<data-dir>/token'),
        ' or your ', h('code', {}, '--token-file'), '). It is kept for this browser tab only.'),
      h('label', {htmlFor: 'token'}, 'API token'), input, error,
      h('button', {type: 'submit', id: 'sign-in'}, 'Sign in'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      Api.setToken(input.value.trim());
      try {
        await Api.jobs();
        route();
      } catch (e) {
        Api.forget();
        error.textContent = e instanceof Api.ApiError && e.status === 401 ? 'The service did not accept this token.' : e.message;
      }
    });
    main.replaceChildren(form);
    input.focus();
    return () => {};
  }

  // ---- job list ----------------------------------------------------------------------------------

  function jobRow(job) {
    const p = job.progress;
    const running = job.state === 'RUNNING';
    return h('tr', {id: `job-${job.id}`},
      h('td', {}, h('a', {href: `#/jobs/${job.id}`, title: job.id}, shortId(job.id))),
      h('td', {}, stateBadge(job.state), job.cancelRequested && !FINISHED.includes(job.state) ? ' (cancelling)' : ''),
      h('td', {className: 'progress-cell'}, progressBar(p, `progress of job ${shortId(job.id)}`),
        p ? ` ${p.iteration} / ${p.total}` : ''),
      h('td', {className: 'number optional'}, p ? Charts.format(p.loss) : '—'),
      h('td', {className: 'number'}, running && p ? duration(p.etaSeconds) : '—'),
      h('td', {className: 'optional'}, new Date(job.createdAt).toLocaleString()));
  }

  function jobListView() {
    const body = h('tbody', {id: 'jobs'});
    const empty = h('p', {className: 'empty', hidden: true}, 'No jobs yet. ', h('a', {href: '#/new'}, 'Submit one.'));
    main.replaceChildren(h('section', {},
      h('div', {className: 'heading'}, h('h1', {}, 'Jobs'), h('a', {className: 'button', href: '#/new'}, 'New job')),
      h('div', {className: 'table-wrap'}, h('table', {},
        h('caption', {className: 'visually-hidden'}, 'Training jobs, oldest first'),
        h('thead', {}, h('tr', {}, ...['Job', 'State', 'Progress'].map(t => h('th', {scope: 'col'}, t)),
          h('th', {scope: 'col', className: 'optional'}, 'Loss'), h('th', {scope: 'col'}, 'ETA'),
          h('th', {scope: 'col', className: 'optional'}, 'Submitted'))),
        body)),
      empty));
    let timer = null;
    const refresh = async () => {
      const jobs = await guarded(() => Api.jobs()).catch(() => undefined);
      if (jobs) {
        body.replaceChildren(...jobs.slice().reverse().map(jobRow));
        empty.hidden = jobs.length > 0;
      }
      timer = setTimeout(refresh, 2000);
    };
    refresh();
    return () => clearTimeout(timer);
  }

  // ---- submission --------------------------------------------------------------------------------

  const FORMATS = {
    yaml: {label: 'YAML', type: 'application/yaml'},
    properties: {label: 'key=value lines', type: 'text/plain'},
    json: {label: 'JSON', type: 'application/json'},
  };

  function newJobView() {
    const text = h('textarea', {id: 'config', name: 'config', rows: 14, spellcheck: false, value: EXAMPLE});
    const format = h('select', {id: 'format', name: 'format'},
      ...Object.entries(FORMATS).map(([value, f]) => h('option', {value}, f.label)));
    const problems = h('ul', {className: 'problems', id: 'problems'});
    const error = h('p', {className: 'error', id: 'submit-error', role: 'alert'});
    const form = h('form', {className: 'card'},
      h('h1', {}, 'New job'),
      h('p', {}, 'Settings as in a training config file (', h('code', {}, 'dino config show'),
        ' lists them). Without ', h('code', {}, 'dino.data.path'), ' the job trains the embedded Fashion-MNIST demo.'),
      h('label', {htmlFor: 'format'}, 'Format'), format,
      h('label', {htmlFor: 'config'}, 'Configuration'), text,
      error, problems,
      h('button', {type: 'submit', id: 'submit'}, 'Submit job'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.textContent = '';
      problems.replaceChildren();
      try {
        const job = await Api.submit(text.value, FORMATS[format.value].type);
        announce(`Job ${shortId(job.id)} submitted.`);
        location.hash = `#/jobs/${job.id}`;
      } catch (e) {
        if (e instanceof Api.ApiError && e.status === 401) {
          guarded(() => Promise.reject(e)).catch(() => {});
          return;
        }
        error.textContent = e.message;
        problems.replaceChildren(...e.problems.map(p => h('li', {}, h('code', {}, p.key), `: ${p.message}`)));
      }
    });
    main.replaceChildren(form);
    return () => {};
  }

  // ---- job page ----------------------------------------------------------------------------------

  // Series are named by their metrics.jsonl fields (docs/metrics.md); DashboardFieldsTest checks each
  // against the engine's schema, and PROGRESS_FIELDS against the API's progress record.
  const CHARTS = [
    {id: 'loss', title: 'Loss', unit: '', series: [['loss', 'loss']]},
    {id: 'lr', title: 'Learning rate', unit: '', series: [['learning rate', 'lr']]},
    {id: 'momentum', title: 'Teacher momentum', unit: '', series: [['momentum', 'teacher_momentum']]},
    // The collapse diagnostics: a uniform teacher has entropy ln(out-dim), one on a single dimension 0;
    // either with a KL near 0 is collapse.
    {id: 'collapse', title: 'Teacher entropy and teacher/student KL', unit: 'nats',
      series: [['teacher entropy', 'teacher_entropy'], ['KL(teacher‖student)', 'teacher_student_kl']]},
    {id: 'throughput', title: 'Throughput', unit: 'images/s', series: [['throughput', 'images_per_second']]},
    {id: 'memory', title: 'Resident memory', unit: 'MiB', series: [['resident', 'rss_mb']]},
  ];
  const KNN_FIELDS = ['knn_top1', 'knn_top5'];
  /** The live progress event's names (the API's JobProgress) for the metrics.jsonl fields the charts show. */
  const PROGRESS_FIELDS = {loss: 'loss', lr: 'learningRate', teacher_momentum: 'teacherMomentum',
    images_per_second: 'imagesPerSecond', rss_mb: 'residentMemoryMib', teacher_entropy: 'teacherEntropy',
    teacher_student_kl: 'teacherStudentKl'};

  /** A job's curves: the metrics.jsonl history merged with live progress, by iteration (1-based). */
  class Curves {
    constructor() {
      this.steps = new Map();
      this.knn = new Map();
    }

    addMetricsLine(line) {
      const r = JSON.parse(line);
      const iteration = r.iteration + 1;
      if (r[KNN_FIELDS[0]] !== undefined) {
        this.knn.set(iteration, KNN_FIELDS.map(f => r[f]));
      } else if (r.loss !== undefined) {
        this.steps.set(iteration, r);
      }
    }

    addProgress(p) {
      this.steps.set(p.iteration, Object.fromEntries(Object.entries(PROGRESS_FIELDS).map(([field, name]) => [field, p[name]])));
    }

    points(key) {
      return [...this.steps.entries()].sort((a, b) => a[0] - b[0])
        .filter(([, v]) => typeof v[key] === 'number' && isFinite(v[key]) && !(key === 'rss_mb' && v[key] < 0))
        .map(([i, v]) => [i, v[key]]);
    }

    knnPoints(index) {
      return [...this.knn.entries()].sort((a, b) => a[0] - b[0]).map(([i, v]) => [i, v[index]]);
    }
  }

  function jobView(id) {
    const abort = new AbortController();
    const curves = new Curves();
    const summary = h('div', {className: 'summary', id: 'summary'});
    const actions = h('div', {className: 'actions', id: 'actions'});
    const figures = Object.fromEntries(CHARTS.map(c => [c.id, h('figure', {id: `chart-${c.id}`})]));
    const knnFigure = h('figure', {id: 'chart-knn', hidden: true});
    const attention = h('section', {id: 'attention', hidden: true}, h('h2', {}, 'Attention maps'));
    const report = h('section', {id: 'report', hidden: true});
    const artifacts = h('ul', {className: 'artifacts', id: 'artifacts'});
    main.replaceChildren(h('section', {},
      h('p', {}, h('a', {href: '#/'}, '← All jobs')),
      h('div', {className: 'heading'}, h('h1', {}, 'Job ', h('code', {title: id}, shortId(id))), actions),
      summary,
      h('h2', {}, 'Training curves'),
      h('div', {className: 'charts'}, ...Object.values(figures), knnFigure),
      attention, report,
      h('h2', {}, 'Artifacts'), artifacts));

    let drawPending = false;
    const draw = () => {
      if (drawPending) {
        return;
      }
      drawPending = true;
      setTimeout(() => {
        drawPending = false;
        for (const chart of CHARTS) {
          Charts.draw(figures[chart.id], {title: chart.title, unit: chart.unit, xLabel: 'Iteration',
            series: chart.series.map(([name, key]) => ({name, points: curves.points(key)}))});
        }
        knnFigure.hidden = curves.knn.size === 0;
        if (!knnFigure.hidden) {
          Charts.draw(knnFigure, {title: 'k-NN accuracy', unit: '%', xLabel: 'Iteration',
            series: [{name: 'top-1', points: curves.knnPoints(0)}, {name: 'top-5', points: curves.knnPoints(1)}]});
        }
      }, 100);
    };

    let job = null;
    const showJob = view => {
      job = view;
      const p = view.progress;
      const facts = [h('span', {}, stateBadge(view.state))];
      if (p) {
        facts.push(h('span', {}, `iteration ${p.iteration} of ${p.total}`), h('span', {}, `epoch ${p.epoch} of ${p.epochs}`),
          h('span', {}, `loss ${Charts.format(p.loss)}`), h('span', {}, `${Charts.format(p.imagesPerSecond)} images/s`));
        if (view.state === 'RUNNING') {
          facts.push(h('span', {id: 'eta'}, `ETA ${duration(p.etaSeconds)}`));
        }
      }
      if (view.cancelRequested && !FINISHED.includes(view.state)) {
        facts.push(h('span', {}, 'cancelling at the next iteration'));
      }
      summary.replaceChildren(h('p', {className: 'facts'}, ...facts), progressBar(p, 'training progress'),
        view.error ? h('p', {className: 'error'}, `Error: ${view.error}`) : '');
      const finished = FINISHED.includes(view.state);
      actions.replaceChildren(finished
        ? h('button', {type: 'button', className: 'danger', id: 'delete', onclick: deleteJob}, 'Delete job')
        : h('button', {type: 'button', className: 'danger', id: 'cancel', onclick: cancelJob, disabled: view.cancelRequested},
          'Cancel job'));
    };

    const cancelJob = async () => {
      if (await confirmAction(`Cancel job ${shortId(id)}? A running job stops at its next iteration, after a checkpoint.`,
        'Cancel job')) {
        showJob(await guarded(() => Api.cancel(id)));
        announce(`Job ${shortId(id)} is being cancelled.`);
      }
    };

    const deleteJob = async () => {
      if (await confirmAction(`Delete job ${shortId(id)} with all its files (checkpoints, backbone, report)? This cannot be undone.`,
        'Delete job')) {
        await guarded(() => Api.purge(id));
        announce(`Job ${shortId(id)} deleted.`);
        location.hash = '#/';
      }
    };

    const download = async name => {
      const blob = await guarded(() => Api.artifactBlob(id, name));
      const link = h('a', {href: URL.createObjectURL(blob), download: name.split('/').pop()});
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    };

    const showReport = html => {
      const parsed = new DOMParser().parseFromString(html, 'text/html');
      const maps = [...parsed.querySelectorAll('figure.attention')];
      attention.hidden = maps.length === 0;
      attention.replaceChildren(h('h2', {}, 'Attention maps'),
        h('div', {className: 'attention-grid'}, ...maps.map(m => document.importNode(m, true))));
      // The report is self-contained (no script, images as data URIs): a fully sandboxed frame shows it.
      const frame = h('iframe', {id: 'report-frame', title: 'Training report', srcdoc: html});
      frame.setAttribute('sandbox', '');
      const open = h('button', {type: 'button', id: 'open-report', onclick: () => {
        window.open(URL.createObjectURL(new Blob([html], {type: 'text/html'})), '_blank', 'noopener');
      }}, 'Open the report in a new tab');
      report.hidden = false;
      report.replaceChildren(h('div', {className: 'heading'}, h('h2', {}, 'Training report'), open), frame);
    };

    const loadFiles = async () => {
      const list = await guarded(() => Api.artifacts(id));
      artifacts.replaceChildren(...list.map(a => h('li', {},
        h('button', {type: 'button', className: 'link', onclick: () => download(a.name)}, a.name), ` ${bytes(a.size)}`)));
      if (list.length === 0) {
        artifacts.append(h('li', {className: 'empty'}, 'None yet.'));
      }
      const names = list.map(a => a.name);
      if (names.includes('metrics.jsonl')) {
        const text = await guarded(() => Api.artifactText(id, 'metrics.jsonl'));
        text.split('\n').filter(l => l.trim().endsWith('}')).forEach(l => curves.addMetricsLine(l));
        draw();
      }
      if (names.includes('report.html') && report.hidden) {
        showReport(await guarded(() => Api.artifactText(id, 'report.html')));
      }
    };

    const stream = async () => {
      let epoch = null;
      await Api.follow(id, (name, data) => {
        if (name === 'progress') {
          curves.addProgress(data);
          showJob(Object.assign({}, job, {progress: data}));
          if (epoch !== null && data.epoch !== epoch) {
            loadFiles().catch(() => {}); // a new epoch may bring a k-NN point and new checkpoints
          }
          epoch = data.epoch;
          draw();
        } else if (name === 'state') {
          showJob(data);
          if (data.progress) {
            curves.addProgress(data.progress);
            draw();
          }
          if (FINISHED.includes(data.state)) {
            loadFiles().catch(() => {});
          }
        }
      }, abort.signal);
    };

    // The stream ends after the final state; one cut short (a restart of the service) is opened again.
    const followUntilFinished = async () => {
      while (!abort.signal.aborted && !FINISHED.includes(job.state)) {
        try {
          await guarded(stream);
        } catch (e) {
          if (e instanceof Api.ApiError && e.status === 404) {
            return; // deleted meanwhile: nothing more to follow
          }
        }
        if (!abort.signal.aborted && !FINISHED.includes(job.state)) {
          await new Promise(resolve => setTimeout(resolve, 2000));
        }
      }
    };

    (async () => {
      try {
        showJob(await guarded(() => Api.job(id)));
        draw();
        await loadFiles();
        await followUntilFinished();
      } catch (e) {
        if (e.name !== 'AbortError') {
          announce(`Error: ${e.message}`);
        }
      }
    })();
    window.addEventListener('resize', draw);
    return () => {
      abort.abort();
      window.removeEventListener('resize', draw);
    };
  }

  // ---- routing -----------------------------------------------------------------------------------

  function route() {
    leaveView();
    signOut.hidden = !Api.token();
    if (!Api.token()) {
      leaveView = signInView();
      return;
    }
    const hash = location.hash || '#/';
    const jobMatch = hash.match(/^#\/jobs\/([\w-]+)$/);
    if (jobMatch) {
      leaveView = jobView(jobMatch[1]);
    } else if (hash === '#/new') {
      leaveView = newJobView();
    } else {
      leaveView = jobListView();
    }
    window.scrollTo(0, 0);
  }

  signOut.addEventListener('click', () => {
    Api.forget();
    route();
  });
  window.addEventListener('hashchange', route);
  route();
})();
