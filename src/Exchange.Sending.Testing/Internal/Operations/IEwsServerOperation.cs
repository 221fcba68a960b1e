namespace Exchange.Sending.Testing.Internal;

/// <summary>
/// One emulated EWS operation, as the library has one class per operation it sends: reads its <c>soap:Body</c> child
/// (checking what it reads even without Microsoft's schema), runs it against the mailbox and writes its response messages.
/// Instances are stateless and shared by every server (<see cref="EwsServerOperations"/>).
/// </summary>
internal interface IEwsServerOperation
{
    /// <summary>The body element's local name in the messages namespace, e.g. <c>CreateItem</c>.</summary>
    string Name { get; }

    /// <summary>With the cursor on the body element's start tag: reads the element to its end and returns the request.</summary>
    object ReadRequest(ReadContext reader);

    /// <summary>Emulates the operation for a request that <see cref="ReadRequest"/> returned.</summary>
    OperationResult Run(object request, OperationContext context);
}

/// <summary>An operation with a typed request model.</summary>
internal abstract class EwsServerOperation<TRequest> : IEwsServerOperation
    where TRequest : class
{
    public abstract string Name { get; }

    object IEwsServerOperation.ReadRequest(ReadContext reader) => Read(reader);

    OperationResult IEwsServerOperation.Run(object request, OperationContext context) => Run((TRequest)request, context);

    protected abstract TRequest Read(ReadContext reader);

    protected abstract OperationResult Run(TRequest request, OperationContext context);
}
