console.log("ui");
