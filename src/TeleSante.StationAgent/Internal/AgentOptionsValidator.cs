using Microsoft.Extensions.Options;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// Source-generated validation of <see cref="AgentOptions"/>. ValidateDataAnnotations() does not look
/// inside the <see cref="AgentOptions.Ports"/> list; the generator follows
/// <see cref="ValidateEnumeratedItemsAttribute"/> so every port's path and device id are checked too.
/// </summary>
[OptionsValidator]
internal sealed partial class AgentOptionsValidator : IValidateOptions<AgentOptions>;
