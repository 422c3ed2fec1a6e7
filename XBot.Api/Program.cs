XBot.Api.ApiApplication.Build(args).Run();
