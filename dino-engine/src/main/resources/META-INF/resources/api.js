'use strict';
/*
 * The service's API as the dashboard uses it. The bearer token lives in sessionStorage: it is kept for
 * this tab only, sent in the Authorization header, never put in a URL.
 */
const Api = (() => {
  const TOKEN_KEY = 'dino.serve.token';

  /** An answer of the API that is not a success, with its JSON error. */
  class ApiError extends Error {
    constructor(status, body) {
      super(body && body.error ? body.error : `the service answered ${status}`);
      this.status = status;
      this.problems = (body && body.problems) || [];
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const setToken = value => sessionStorage.setItem(TOKEN_KEY, value);
  const forget = () => sessionStorage.removeItem(TOKEN_KEY);

  async function request(path, options = {}) {
    const headers = Object.assign({Authorization: `Bearer ${token()}`}, options.headers || {});
    const response = await fetch(path, Object.assign({}, options, {headers}));
    if (!response.ok) {
      let body = null;
      try { body = await response.json(); } catch (e) { /* not JSON: the status says enough */ }
      throw new ApiError(response.status, body);
    }
    return response;
  }

  const json = async (path, options) => (await request(path, options)).json();
  const jobPath = id => `api/v1/jobs/${encodeURIComponent(id)}`;
  const artifactPath = (id, name) => `${jobPath(id)}/artifacts/${name.split('/').map(encodeURIComponent).join('/')}`;

  /**
   * Follows a job's server-sent events with fetch streaming (an EventSource cannot send the
   * Authorization header). Calls onEvent(name, data) per event until the stream ends or signal aborts.
   */
  async function follow(id, onEvent, signal) {
    const response = await request(`${jobPath(id)}/events`, {headers: {Accept: 'text/event-stream'}, signal});
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) {
            name = line.slice(6).trim();
          } else if (line.startsWith('data:')) {
            data.push(line.slice(5).replace(/^ /, ''));
          }
        }
        if (data.length) {
          onEvent(name, JSON.parse(data.join('\n')));
        }
      }
    }
  }

  return {
    ApiError, token, setToken, forget, follow,
    jobs: () => json('api/v1/jobs'),
    job: id => json(jobPath(id)),
    artifacts: id => json(`${jobPath(id)}/artifacts`),
    artifactText: async (id, name) => (await request(artifactPath(id, name))).text(),
    artifactBlob: async (id, name) => (await request(artifactPath(id, name))).blob(),
    submit: (text, contentType) => json('api/v1/jobs', {method: 'POST', headers: {'Content-Type': contentType}, body: text}),
    cancel: id => json(jobPath(id), {method: 'DELETE'}),
    purge: id => request(`${jobPath(id)}?purge=true`, {method: 'DELETE'}),
  };
})();
