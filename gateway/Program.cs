using Connect4.Gateway;

GatewayApp.Build(args).Run();
