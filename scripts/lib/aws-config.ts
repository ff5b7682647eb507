// Profile names from ~/.aws/config, for when aws-vault is missing or fails.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'

/** `[default]` and `[profile NAME]` sections, in file order; `[sso-session …]` and others are not profiles. */
export function parseAwsConfigProfiles(text: string): string[] {
  const names: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, '').trim()
    const m = /^\[\s*([^\]]+?)\s*\]$/.exec(line)
    if (!m) continue
    const section = m[1]
    let name: string | undefined
    if (section === 'default') name = 'default'
    else {
      const p = /^profile\s+(.+)$/.exec(section)
      if (p) name = p[1].trim().replace(/^["']|["']$/g, '')
    }
    if (name && !names.includes(name)) names.push(name)
  }
  return names
}

/** Names printed by `aws-vault list --profiles`: one a line. */
export function parseProfileList(stdout: string): string[] {
  return [...new Set(stdout.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))]
}

export function awsConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE || path.join(env.HOME || os.homedir(), '.aws', 'config')
}

export function readAwsConfigProfiles(env: NodeJS.ProcessEnv = process.env): string[] {
  try {
    return parseAwsConfigProfiles(fs.readFileSync(awsConfigPath(env), 'utf8'))
  } catch {
    return []
  }
}
