// Misuse of the command line: one clear line on stderr and exit code 2.

export class UsageError extends Error {}

export const USAGE = `Usage: handoff <command> [options]

Commands:
  check [dir]     Check every spec file under dir (default: .)
                    --format text|json|sarif   output format (default: text)
                    --no-color                 plain text output
  graph [dir]     Print the handoff dependency graph of each production under dir
                    --format dot|mermaid|json  output format (default: dot)
                    --focus <handoff-id>       only the handoffs around this one
                    --depth N                  hops up and down from --focus (default: 1)
  init [dir]      Scaffold a small working production in dir (default: .)
                    --name <id>                production id (default: the folder's name)

Every command takes --today YYYY-MM-DD to fix "today" for reproducible results.
Exit codes: 0 no errors, 1 errors found, 2 the command was misused.`;
