console.log('lockstep: the command is being built');
