// Image generation and transcription clients from the OpenAI client: not chat model sites.
// expect: none
using System;
using System.IO;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Audio;
using OpenAI.Images;

namespace Corpus.OpenAIImageAndAudio;

public sealed class MediaTools
{
    private readonly OpenAIClient client = new(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);

    public async Task<BinaryData> IllustrateAsync(string caption)
    {
        ImageClient images = client.GetImageClient("gpt-image-1");
        GeneratedImage image = await images.GenerateImageAsync(caption);
        return image.ImageBytes;
    }

    public async Task<string> TranscribeAsync(Stream recording)
    {
        AudioClient audio = client.GetAudioClient("whisper-1");
        AudioTranscription transcription = await audio.TranscribeAudioAsync(recording, "meeting.m4a");
        return transcription.Text;
    }
}
