return Remask.Cli.CliApp.Run(args);
