// `rollcall completion bash`: a bash completion script for every command, subcommand and flag,
// made from the commands themselves (all of them are loaded, once, to write it). zsh can use
// it through bashcompinit (docs/operations.md, "Shell completion").
import { Command } from 'commander';
import { summaryOf } from './command-summaries.ts';
import { UsageError } from './usage-error.ts';

/** Each command path (`""`, `" admin"`, `" admin list"`) with the words that may follow it. */
function words(command: Command, path: string, out: Map<string, string[]>): Map<string, string[]> {
  const flags = command.options.flatMap((option) => [option.long, option.short].filter((f): f is string => f !== undefined));
  out.set(path, [...command.commands.map((c) => c.name()), ...flags, '--help']);
  for (const sub of command.commands) words(sub, `${path} ${sub.name()}`, out);
  return out;
}

/** The script: a function that finds the command path typed so far and offers what may follow it. */
export function bashCompletion(program: Command): string {
  const cases = [...words(program, '', new Map())].map(([path, list]) => `    "${path}") echo "${list.join(' ')}" ;;`);
  return `# bash completion for rollcall: source <(rollcall completion bash)
_rollcall_words() {
  case "$1" in
${cases.join('\n')}
  esac
}
_rollcall() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case " $(_rollcall_words "$path") " in *" $word "*) [[ $word != -* ]] && path="$path $word" ;; esac
  done
  COMPREPLY=($(compgen -W "$(_rollcall_words "$path")" -- "$cur"))
}
complete -o default -F _rollcall rollcall
`;
}

/** `program` must hold every command in full: cli-main loads them all for this one. */
export function completionCommand(program: () => Command): Command {
  return new Command('completion')
    .description(summaryOf('completion'))
    .argument('<shell>', 'bash (zsh: autoload -U bashcompinit && bashcompinit first)')
    .action((shell: string) => {
      if (shell !== 'bash') throw new UsageError(`completion: "${shell}" is not a shell this knows (bash; zsh through bashcompinit)`);
      process.stdout.write(bashCompletion(program()));
    });
}
