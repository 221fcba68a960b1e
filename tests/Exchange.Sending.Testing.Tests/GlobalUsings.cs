global using FluentAssertions;
global using Exchange.Sending.Testing.Tests.Support;
global using Xunit;
