// Build static/pad/pad.js and static/pad/pad.css (committed, so `make run` needs no Node.js).
// `make assets` runs `npm ci && npm run build` here.
import * as esbuild from 'esbuild'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PALETTE } from './src/palette.js'

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, '..', 'static', 'pad')
const TARGET = ['es2020', 'chrome90', 'firefox90', 'safari15']

// lodash (inside quill-delta and quill-cursors) and webpack's runtime find the global object with
// `Function("return this")()` when `globalThis`/`self` are missing, and quill-cursors sniffs old IE
// with `new Function(...)`. No current browser reaches them, but they would make the bundle look
// like it needs 'unsafe-eval', so they are replaced; checkBundle() fails the build if any is left.
const EVAL_FALLBACKS = [
  [/(?:new\s+)?Function\(\s*(["'])return this\1\s*\)\(\)/g, 'globalThis'],
  [/new\s+Function\(\s*"\/\*@cc_on return @_jscript_version; @\*\/"\s*\)\(\)/g, 'void 0']
]
const noEvalFallbacks = {
  name: 'no-eval-fallbacks',
  setup (build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8')
      if (!contents.includes('Function(')) return undefined
      for (const [pattern, replacement] of EVAL_FALLBACKS) contents = contents.replace(pattern, replacement)
      return { contents, loader: 'js' }
    })
  }
}

// What must never be in the bundle under the pages' CSP (script-src 'self'; style-src 'self').
const FORBIDDEN = [
  [/\beval\s*\(/, 'eval('],
  [/\bnew\s+Function\s*\(/, 'new Function('],
  [/[^.\w$]Function\s*\(\s*["'`]/, 'Function("…")'],
  [/setAttribute\(\s*["']style["']/, 'setAttribute("style")'],
  [/createElement\(\s*["']style["']\s*\)/, 'createElement("style")'],
  [/\.cssText\s*=/, '.cssText =']
]

/** name, version, license and copyright lines of every package that ended up in an output. */
async function packagesIn (metafile) {
  const found = new Map()
  for (const input of Object.keys(metafile.inputs)) {
    const parts = input.split(/[\\/]/)
    const at = parts.lastIndexOf('node_modules')
    if (at < 0) continue
    const name = parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1]
    if (found.has(name)) continue
    const dir = join(here, ...parts.slice(0, at + 1), ...name.split('/'))
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    const licenseFile = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
    const text = licenseFile ? await readFile(join(dir, licenseFile), 'utf8') : ''
    let copyright = text.split('\n').map((l) => l.trim()).filter((l) => /^Copyright\s+(?!(and|notice|license|owner|holder|statement)\b)/.test(l))
    const people = [pkg.author, ...(pkg.contributors || [])].filter(Boolean).map((p) => (typeof p === 'string' ? p : p.name).replace(/\s*<.*>/, ''))
    if (!copyright.length && people.length) copyright = [`by ${[...new Set(people)].join(', ')}`]
    found.set(name, { name, version: pkg.version, license: pkg.license || 'see package', copyright, text })
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name))
}

function banner (what, packages) {
  const lines = packages.map((p) => ` *   ${p.name} ${p.version} (${p.license})${p.copyright.length ? ': ' + p.copyright.join('; ') : ''}`)
  return `/*! Commons ${what}, built from assets/ by \`make assets\`. Bundled packages and their licenses\n` +
    ` * (full texts in pad.licenses.txt):\n${lines.join('\n')}\n */`
}

/** .author-c0 … .author-c11 for the server's own HTML (history, diffs), from the same palette as the editor. */
function paletteCss () {
  const rules = PALETTE.map(({ background, strong }, slot) =>
    `.author-c${slot}{background-color:${background}}\n` +
    `ins.author-c${slot}{background-color:${background};border-bottom:0;text-decoration:underline 2px ${strong};text-underline-offset:.2em}`)
  return `/* Authorship colours (assets/src/palette.js): slot = author id % 12. */\n${rules.join('\n')}\n` +
    '.author{color:inherit;border-radius:2px;-webkit-box-decoration-break:clone;box-decoration-break:clone}\n' +
    'del.removed{color:var(--muted,#5b6472);text-decoration:line-through;text-decoration-thickness:1px;background:#f3f1ec}\n'
}

function checkBundle (code) {
  const problems = FORBIDDEN.filter(([pattern]) => pattern.test(code)).map(([, label]) => label)
  if (problems.length) throw new Error(`static/pad/pad.js would break the CSP: it contains ${problems.join(', ')}`)
}

async function main () {
  await mkdir(out, { recursive: true })
  const js = await esbuild.build({
    entryPoints: [join(here, 'src', 'main.js')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: TARGET,
    legalComments: 'none',
    metafile: true,
    write: false,
    plugins: [noEvalFallbacks],
    logLevel: 'warning'
  })
  const css = await esbuild.build({
    stdin: {
      contents: '@import "quill/dist/quill.snow.css";\n@import "quill-cursors/css";\n@import "./pad.css";\n' + paletteCss(),
      resolveDir: join(here, 'src'),
      sourcefile: 'pad-entry.css',
      loader: 'css'
    },
    bundle: true,
    minify: true,
    target: TARGET,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning'
  })
  const code = js.outputFiles[0].text
  checkBundle(code)
  const jsPackages = await packagesIn(js.metafile)
  const cssPackages = await packagesIn(css.metafile)
  await writeFile(join(out, 'pad.js'), `${banner('pad editor (pad.js)', jsPackages)}\n${code}`)
  await writeFile(join(out, 'pad.css'), `${banner('pad styles (pad.css)', cssPackages)}\n${css.outputFiles[0].text}`)
  const all = new Map([...jsPackages, ...cssPackages].map((p) => [p.name, p]))
  const notices = [...all.values()].sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => `== ${p.name} ${p.version} (${p.license}) ==\n\n${p.text.trim() || `(the package ships no license file; its package.json says ${p.license}; ${p.copyright.join('; ')})`}\n`)
  await writeFile(join(out, 'pad.licenses.txt'),
    'Third-party software bundled in static/pad/pad.js and static/pad/pad.css\n\n' + notices.join('\n'))
  for (const name of ['pad.js', 'pad.css']) {
    const bytes = (await readFile(join(out, name))).length
    console.log(`${relative(join(here, '..'), join(out, name)).split(sep).join('/')}: ${(bytes / 1024).toFixed(1)} KiB`)
  }
}

main().catch((error) => {
  console.error(error.message || error)
  process.exit(1)
})
