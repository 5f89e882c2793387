// The readline-compatible face of libedit. Debian installs it as <editline/readline.h>,
// Homebrew as <editline/readline.h> under the keg's include directory.
#include <stdio.h>
#include <editline/readline.h>
