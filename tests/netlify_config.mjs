// Netlify's own reading of a site folder: netlify.toml and the built site's _headers, as
// @netlify/config (the parser of Netlify's builds and CLI) resolves them, offline.
//
//   node tests/netlify_config.mjs NODE_MODULES ROOT CONTEXT... -- PATH...
//
// ROOT holds netlify.toml and the published folder it names. Prints one JSON object: the
// resolved config of each CONTEXT (build command, publish folder, environment, plugins,
// headers, redirects), the header errors Netlify's parser found, and for each PATH the
// headers Netlify would send, matched by Netlify's own path patterns.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [modules, root, ...rest] = process.argv.slice(2)
const split = rest.indexOf('--')
const contexts = split < 0 ? rest : rest.slice(0, split)
const paths = split < 0 ? [] : rest.slice(split + 1)

const load = (path) => import(pathToFileURL(join(modules, path)).href)
const { resolveConfig } = await load('@netlify/config/lib/index.js')
const { parseAllHeaders } = await load('@netlify/headers-parser/lib/index.js')

const resolved = {}
let last
for (const context of contexts) {
  last = await resolveConfig({ cwd: root, repositoryRoot: root, context, branch: 'main', offline: true })
  const { build, plugins, headers, redirects } = last.config
  resolved[context] = {
    command: build.command,
    publish: build.publish,
    environment: build.environment,
    plugins: plugins.map(({ package: name, inputs }) => ({ package: name, inputs })),
    headers,
    redirects: redirects.map(({ from, to, status, force }) => ({ from, to, status, force })),
  }
}

// The rules as Netlify matches them (with their path patterns), in Netlify's order.
const { headers: rules, errors } = await parseAllHeaders({
  headersFiles: last.headersPath ? [last.headersPath] : [],
  netlifyConfigPath: last.configPath,
})
const matched = Object.fromEntries(
  paths.map((path) => [
    path,
    Object.assign({}, ...rules.filter(({ forRegExp }) => forRegExp.test(path)).map(({ values }) => values)),
  ]),
)

console.log(
  JSON.stringify({
    configPath: last.configPath,
    headersPath: last.headersPath,
    contexts: resolved,
    headerErrors: errors.map(String),
    matched,
  }),
)
